import WebSocketWire

/// Section 4, Opcodes: a frame with a reserved opcode (3-7 data, 11-15 control) fails the connection
/// (RFC 6455 §5.2). x.3-x.5 send a valid message first: echo then fail is OK, failing before the echo is NON-STRICT.
enum OpcodeCases {
    static let rule =
        "RFC 6455 §5.2: if an unknown opcode is received, the receiving endpoint must fail the "
        + "WebSocket connection."

    static var all: [Case] {
        self.subsection(1, opcodes: [3, 4, 5, 6, 7], kind: "non-control")
            + self.subsection(2, opcodes: [11, 12, 13, 14, 15], kind: "control")
    }

    private static func subsection(_ number: Int, opcodes: [UInt8], kind: String) -> [Case] {
        let hello = Array("Hello, world!".utf8)
        let reservedPayload = Array("reserved opcode payload".utf8)
        return opcodes.enumerated().map { index, raw in
            let id = CaseID("4.\(number).\(index + 1)")
            let opcode = Opcode.value(raw)
            switch index {
            case 0:
                return .failure(
                    id,
                    "Send a frame with reserved \(kind) opcode \(raw) and no payload.",
                    expectation: "The server fails the connection with 1002 at once.",
                    rule: self.rule,
                    steps: [.send(.raw(opcode, [])), .killAfter(Waits.failure)]
                )
            case 1:
                return .failure(
                    id,
                    "Send a frame with reserved \(kind) opcode \(raw) and a payload.",
                    expectation: "The server fails the connection with 1002 at once.",
                    rule: self.rule,
                    steps: [.send(.raw(opcode, reservedPayload)), .killAfter(Waits.failure)]
                )
            default:
                let payload = index == 2 ? [] : reservedPayload
                let frames: [Frame] = [.raw(.text, hello), .raw(opcode, payload), .raw(.ping, [])]
                return .failure(
                    id,
                    "Send a small text message, then a frame with reserved \(kind) opcode \(raw)"
                        + (payload.isEmpty ? "" : " and a payload") + ", then a ping.",
                    expectation: "The message is echoed, then the server fails the connection with 1002; no pong.",
                    rule: self.rule,
                    steps: [.sendBytes(FrameEncoder.encode(frames)), .killAfter(Waits.failure)],
                    okEvents: [.text(hello)],
                    nonStrictEvents: []
                )
            }
        }
    }
}
