import WebSocketWire

/// Section 2, Pings and Pongs: a ping gets a pong with the same payload, an unsolicited pong gets nothing, and a
/// control frame over 125 octets fails the connection (RFC 6455 §5.5.2, §5.5.3, §5.5).
enum PingPongCases {
    static var all: [Case] {
        let binary: [UInt8] = [0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF]
        return [
            self.ping("2.1", "Send a ping without payload.", []),
            self.ping("2.2", "Send a ping with a small text payload.", Array("Hello, world!".utf8)),
            self.ping("2.3", "Send a ping with a small binary payload.", binary),
            self.ping("2.4", "Send a ping with a binary payload of 125 octets.", [UInt8](repeating: 0xFE, count: 125)),
            Case(
                id: "2.5",
                description: "Send a ping with a binary payload of 126 octets, one more than a control frame allows.",
                expectation: "The server fails the connection with a protocol error; it sends no pong.",
                rule: "RFC 6455 §5.5: all control frames must have a payload length of 125 bytes or less.",
                steps: [.send(.ping, [UInt8](repeating: 0xFE, count: 126)), .killAfter(.seconds(1))],
                outcomes: [.init(.ok, [])],
                close: .protocolError
            ),
            self.ping(
                "2.6",
                "Send a ping with a binary payload of 125 octets, written one octet at a time.",
                [UInt8](repeating: 0xFE, count: 125),
                chopSize: 1
            ),
            self.unsolicitedPong("2.7", "Send an unsolicited pong without payload.", []),
            self.unsolicitedPong(
                "2.8", "Send an unsolicited pong with a payload.", Array("unsolicited pong payload".utf8)),
            Case(
                id: "2.9",
                description: "Send an unsolicited pong with a payload, then a ping with a payload.",
                expectation: "Nothing answers the pong; a pong echoing the ping's payload answers the ping.",
                rule: "RFC 6455 §5.5.2–5.5.3: a Ping must get a Pong with identical application data, and no "
                    + "response to an unsolicited Pong is expected.",
                steps: [
                    .send(.pong, Array("unsolicited pong payload".utf8)),
                    .send(.ping, Array("ping payload".utf8)),
                    .closeAfter(.seconds(1)),
                ],
                outcomes: [.init(.ok, [.pong(Array("ping payload".utf8))])],
                close: .normal
            ),
            self.tenPings("2.10", "Send 10 pings with payloads.", chopSize: nil),
            self.tenPings("2.11", "Send 10 pings with payloads, written one octet at a time.", chopSize: 1),
        ]
    }

    private static func ping(_ id: CaseID, _ description: String, _ payload: [UInt8], chopSize: Int? = nil) -> Case {
        Case(
            id: id,
            description: description,
            expectation: "A pong with the same payload answers the ping, then a clean close with code 1000.",
            rule: "RFC 6455 §5.5.2–5.5.3: an endpoint must answer a Ping with a Pong carrying identical "
                + "application data.",
            steps: [.send(.ping, payload, chopSize: chopSize), .closeAfter(.seconds(chopSize == nil ? 1 : 2))],
            outcomes: [.init(.ok, [.pong(payload)])],
            close: .normal
        )
    }

    private static func unsolicitedPong(_ id: CaseID, _ description: String, _ payload: [UInt8]) -> Case {
        Case(
            id: id,
            description: description,
            expectation: "Nothing answers the pong; then a clean close with code 1000.",
            rule: "RFC 6455 §5.5.3: a Pong may be sent unsolicited, and a response to it is not expected.",
            steps: [.send(.pong, payload), .closeAfter(.seconds(1))],
            outcomes: [.init(.ok, [])],
            close: .normal
        )
    }

    private static func tenPings(_ id: CaseID, _ description: String, chopSize: Int?) -> Case {
        let payloads = (0..<10).map { Array("payload-\($0)".utf8) }
        return Case(
            id: id,
            description: description,
            expectation: "Ten pongs echo the ten payloads in order (the RFC only requires one for the last ping; "
                + "we check all, as Autobahn does), then a clean close with code 1000.",
            rule: "RFC 6455 §5.5.2–5.5.3: an endpoint must answer a Ping with a Pong carrying identical "
                + "application data.",
            steps: payloads.map { Step.send(.ping, $0, chopSize: chopSize) } + [.closeAfter(.seconds(3))],
            outcomes: [.init(.ok, payloads.map { .pong($0) })],
            close: .normal
        )
    }
}
