import WebSocketWire

/// Section 3, Reserved Bits: a frame with RSV1-3 set, when no extension gave them a meaning, fails the connection
/// (RFC 6455 §5.2). 3.2-3.4 send a valid message first: echoing it before failing is OK, failing before is
/// NON-STRICT, as in Autobahn.
enum ReservedBitsCases {
    static let rule =
        "RFC 6455 §5.2: RSV1-3 must be 0 unless an extension defining them was negotiated; otherwise "
        + "the receiving endpoint must fail the WebSocket connection."

    static var all: [Case] {
        let hello = Array("Hello, world!".utf8)
        let binary: [UInt8] = [0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF]
        return [
            self.single("3.1", "Send a small text message with RSV = 1.", .raw(.text, hello, rsv: 1)),
            self.afterEcho(
                "3.2", "Send a small text message, then one with RSV = 2, then a ping.", rsv: 2, mode: .together),
            self.afterEcho(
                "3.3",
                "Send a small text message, then one with RSV = 3, then a ping; each frame is its own write.",
                rsv: 3,
                mode: .framewise
            ),
            self.afterEcho(
                "3.4",
                "Send a small text message, then one with RSV = 4, then a ping; written one octet at a time.",
                rsv: 4,
                mode: .octetwise
            ),
            self.single("3.5", "Send a small binary message with RSV = 5.", .raw(.binary, binary, rsv: 5)),
            self.single("3.6", "Send a ping with RSV = 6.", .raw(.ping, hello, rsv: 6)),
            self.single(
                "3.7",
                "Send a close frame with RSV = 7.",
                .raw(.close, ClosePayload(code: .normalClosure).encoded(), rsv: 7)
            ),
        ]
    }

    /// How the frames of a case are written: back to back, one write per frame, or one write per octet.
    enum Mode {
        case together, framewise, octetwise
    }

    private static func single(_ id: CaseID, _ description: String, _ frame: Frame) -> Case {
        .failure(
            id,
            description,
            expectation: "The server fails the connection with 1002 at once; nothing is echoed.",
            rule: self.rule,
            steps: [.send(frame), .killAfter(Waits.failure)]
        )
    }

    private static func afterEcho(_ id: CaseID, _ description: String, rsv: UInt8, mode: Mode) -> Case {
        let hello = Array("Hello, world!".utf8)
        let frames: [Frame] = [.raw(.text, hello), .raw(.text, hello, rsv: rsv), .raw(.ping, [])]
        let steps: [Step]
        switch mode {
        case .together:
            steps = [.sendBytes(FrameEncoder.encode(frames))]
        case .framewise:
            steps = frames.map { .send($0) }
        case .octetwise:
            steps = frames.map { .send($0, chopSize: 1) }
        }
        return .failure(
            id,
            description,
            expectation: "The first message is echoed, then the server fails the connection with 1002; no pong.",
            rule: self.rule,
            steps: steps + [.killAfter(Waits.failure)],
            okEvents: [.text(hello)],
            nonStrictEvents: []
        )
    }
}
