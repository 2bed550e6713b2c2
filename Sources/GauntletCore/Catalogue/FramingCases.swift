import WebSocketWire

/// Section 1, Framing: text and binary messages of the sizes where the length encoding changes (RFC 6455 §5.2).
///
/// 125, 126 and 127 straddle the 7-bit/16-bit boundary and 65535/65536 the 16-bit/64-bit one; a server that
/// echoes all of them byte for byte decodes every length form.
enum FramingCases {
    static let lengths = [0, 125, 126, 127, 128, 65535, 65536]

    static var all: [Case] {
        self.messages(subsection: 1, opcode: .text, filler: UInt8(ascii: "*"))
            + self.messages(subsection: 2, opcode: .binary, filler: 0xFE)
    }

    private static func messages(subsection: Int, opcode: Opcode, filler: UInt8) -> [Case] {
        let kind = opcode == .text ? "text" : "binary"
        var cases = self.lengths.enumerated().map { index, length in
            Self.echo(
                id: CaseID("1.\(subsection).\(index + 1)"),
                description: "Send a \(kind) message with a payload of length \(length).",
                opcode: opcode,
                payload: [UInt8](repeating: filler, count: length),
                chopSize: nil
            )
        }
        cases.append(
            Self.echo(
                id: CaseID("1.\(subsection).8"),
                description: "Send a \(kind) message with a payload of length 65536, written in chops of 997 octets.",
                opcode: opcode,
                payload: [UInt8](repeating: filler, count: 65536),
                chopSize: 997
            )
        )
        return cases
    }

    private static func echo(id: CaseID, description: String, opcode: Opcode, payload: [UInt8], chopSize: Int?) -> Case
    {
        let echoed: ApplicationEvent = opcode == .text ? .text(payload) : .binary(payload)
        return Case(
            id: id,
            description: description,
            expectation: "The message comes back unchanged, then a clean close with code 1000.",
            rule: "RFC 6455 §5.2: a payload length is written in 7, 7+16 or 7+64 bits, and the receiver must decode "
                + "each form to the same application data.",
            steps: [
                .send(opcode, payload, chopSize: chopSize),
                payload.count > 128 ? .killAfter(.seconds(10)) : .closeAfter(.seconds(1)),
            ],
            outcomes: [.init(.ok, [echoed])],
            close: .normal
        )
    }
}
