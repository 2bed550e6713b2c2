import WebSocketWire

/// Section C, client-frame rules Autobahn never sends: a server must fail the connection when a client frame is
/// not masked (RFC 6455 §5.1), whatever its opcode.
enum ClientFrameCases {
    static let maskRule =
        "RFC 6455 §5.1: a client must mask every frame it sends, and a server must close the "
        + "connection (status 1002) on receiving an unmasked frame."

    static var all: [Case] {
        [
            self.unmasked("C.1", "Send a text message in an unmasked frame.", .text, Array("Hello, world!".utf8)),
            self.unmasked("C.2", "Send a ping in an unmasked frame.", .ping, Array("unmasked ping".utf8)),
        ]
    }

    private static func unmasked(_ id: CaseID, _ description: String, _ opcode: Opcode, _ payload: [UInt8]) -> Case {
        .failure(
            id,
            description,
            expectation: "The server fails the connection with 1002; nothing is echoed or answered.",
            rule: self.maskRule,
            steps: [.send(Frame(opcode: opcode, payload: payload)), .killAfter(Waits.failure)]
        )
    }
}
