import MessageSchema
import WebSocketWire

/// The conversations the fuzzer starts from when no corpus folder is given: small valid exchanges that cover each
/// frame kind, fragmentation, control frames inside a message, multi-byte UTF-8 and the close handshake, plus one
/// valid instance of every client message of the protocol. `corpus/frames` holds the same conversations as files.
public enum SeedInputs {
    /// Valid frame-level conversations, masked with keys drawn from `seed`.
    public static func frames(seed: UInt64) -> [FuzzInput] {
        var random = FuzzRandom(seed: seed).split(0x5EED)
        func frame(_ opcode: Opcode, _ text: String, fin: Bool = true) -> FuzzInput.Action {
            .frame(
                FrameMutator.masked(opcode, Array(text.utf8), fin: fin, using: &random), chop: nil,
                pauseMilliseconds: nil)
        }
        func binary(_ bytes: [UInt8]) -> FuzzInput.Action {
            .frame(FrameMutator.masked(.binary, bytes, using: &random), chop: nil, pauseMilliseconds: nil)
        }
        let conversations: [(String, [FuzzInput.Action])] = [
            ("one text message", [frame(.text, "Hello, fuzz")]),
            ("one binary message", [binary(Array(0..<16))]),
            (
                "text in three fragments",
                [
                    frame(.text, "Hel", fin: false), frame(.continuation, "lo, ", fin: false),
                    frame(.continuation, "fuzz"),
                ]
            ),
            (
                "ping between two fragments",
                [frame(.text, "frag", fin: false), frame(.ping, "p"), frame(.continuation, "ment")]
            ),
            ("ping with a payload", [frame(.ping, "are you there")]),
            ("unsolicited pong", [frame(.pong, "unsolicited")]),
            ("multi-byte UTF-8 text", [frame(.text, "κόσμε ∮ 𝄞 €")]),
            ("text with a 16-bit length", [frame(.text, String(repeating: "x", count: 200))]),
            ("two messages back to back", [frame(.text, "first"), binary([0, 1, 2])]),
            (
                "close with a reason",
                [
                    .frame(
                        FrameMutator.masked(.close, [0x03, 0xE8] + Array("bye".utf8), using: &random), chop: nil,
                        pauseMilliseconds: nil)
                ]
            ),
        ]
        return conversations.map {
            FuzzInput(layer: .frames, intent: .valid, actions: $0.1, note: $0.0).classified(endpoint: nil)
        }
    }

    /// One valid instance of each client message of `endpoint`, as a text frame.
    public static func messages(_ endpoint: EndpointCheck, seed: UInt64) -> [FuzzInput] {
        var random = FuzzRandom(seed: seed).split(0x3E55)
        return endpoint.clientMessages.map { message in
            let instance = message.instanceGenerator().generate(using: &random)
            let frame = FrameMutator.masked(.text, JSONWriter.bytes(from: instance), using: &random)
            return FuzzInput(
                layer: .messages, intent: .valid, actions: [.frame(frame, chop: nil, pauseMilliseconds: nil)],
                note: "valid \(message.name)"
            ).classified(endpoint: endpoint)
        }
    }
}
