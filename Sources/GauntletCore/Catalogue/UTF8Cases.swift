import WebSocketWire

/// Section 6.1-6.4, UTF-8 Handling: text messages must be valid UTF-8, checked across fragments, and a server
/// should fail at the first impossible byte (RFC 6455 §8.1). In 6.4.x failing fast is OK and failing only once
/// the message is complete is NON-STRICT, as in Autobahn.
enum UTF8Cases {
    static let validRule =
        "RFC 6455 §5.6: a text payload is UTF-8; a message split anywhere, even inside a code "
        + "point, is reassembled into the same text."
    static let invalidRule =
        "RFC 6455 §8.1: when an endpoint finds that a text message is not valid UTF-8 it must "
        + "fail the WebSocket connection (code 1007, §7.4.1)."

    /// κόσμε, the Greek word Markus Kuhn's test file opens with: valid, with 2- and 3-byte code points.
    static let kosme: [UInt8] = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5]

    static var all: [Case] {
        self.empty + self.valid + self.invalid + self.failFast
    }

    private static var empty: [Case] {
        [
            self.echo("6.1.1", "Send a text message with an empty payload.", [[]]),
            self.echo("6.1.2", "Send a text message in three fragments, all empty.", [[], [], []]),
            self.echo(
                "6.1.3",
                "Send a text message in three fragments; the first and last are empty.",
                [[], Array("middle frame payload".utf8), []]
            ),
        ]
    }

    private static var valid: [Case] {
        let first = Array("Hello-µ@ßöäü".utf8)
        let second = Array("àá-UTF-8!!".utf8)
        let text = first + second
        return [
            self.echo("6.2.1", "Send valid UTF-8 text in one fragment.", [text]),
            self.echo(
                "6.2.2", "Send valid UTF-8 text in two fragments split at a code point boundary.", [first, second]),
            self.echo("6.2.3", "Send valid UTF-8 text in one-octet fragments.", text.map { [$0] }),
            self.echo(
                "6.2.4", "Send κόσμε in one-octet fragments, splitting every multi-byte code point.",
                self.kosme.map { [$0] }),
        ]
    }

    private static var invalid: [Case] {
        let text = self.kosme + [0xED, 0xA0, 0x80] + Array("edited".utf8)
        return [
            self.reject("6.3.1", "Send invalid UTF-8 text (a UTF-16 surrogate) in one fragment.", [text]),
            self.reject(
                "6.3.2", "Send invalid UTF-8 text (a UTF-16 surrogate) in one-octet fragments.", text.map { [$0] }),
        ]
    }

    /// A text message in fragments; the server echoes the reassembled text.
    static func echo(_ id: CaseID, _ description: String, _ fragments: [[UInt8]]) -> Case {
        .exchange(
            id,
            description,
            expectation: "The message is echoed unchanged, then a clean close with 1000.",
            rule: self.validRule,
            steps: self.fragmentSteps(fragments) + [.killAfter(Waits.failure)],
            expect: [.text(fragments.reduce([], +))]
        )
    }

    /// A text message in fragments that is not valid UTF-8; the server fails with 1007.
    static func reject(_ id: CaseID, _ description: String, _ fragments: [[UInt8]]) -> Case {
        .failure(
            id,
            description,
            expectation: "The server fails the connection with 1007; nothing is echoed.",
            rule: self.invalidRule,
            steps: self.fragmentSteps(fragments) + [.killAfter(Waits.failure)],
            codes: [.invalidPayloadData]
        )
    }

    private static func fragmentSteps(_ fragments: [[UInt8]]) -> [Step] {
        let frames = fragments.enumerated().map { index, payload in
            Frame.raw(index == 0 ? .text : .continuation, payload, fin: index == fragments.count - 1)
        }
        return [.sendBytes(FrameEncoder.encode(frames))]
    }

    /// 6.4.x: the invalid byte arrives in the second of three parts, with a pause before and after it.
    private static var failFast: [Case] {
        // U+110000 in the UTF-8 integer scheme: F4 90 is impossible at the 0x90.
        let impossible: [UInt8] = [0xF4, 0x90, 0x80, 0x80]
        let message = self.kosme + impossible + Array("edited".utf8)
        let byFrames = [self.kosme, impossible, Array("edited".utf8)]
        let byOctet = [Array(message[..<12]), [message[12]], Array(message[13...])]
        return [
            self.failFast(
                "6.4.1",
                "Send invalid UTF-8 text in three fragments; the second holds the code point "
                    + "beyond U+10FFFF.", parts: byFrames, oneFrame: false),
            self.failFast(
                "6.4.2",
                "Send invalid UTF-8 text in three fragments; the second is the single octet that "
                    + "makes it invalid.", parts: byOctet, oneFrame: false),
            self.failFast(
                "6.4.3", "As 6.4.1, but the three parts are chops of one frame.", parts: byFrames, oneFrame: true),
            self.failFast(
                "6.4.4", "As 6.4.2, but the three parts are chops of one frame.", parts: byOctet, oneFrame: true),
        ]
    }

    private static func failFast(_ id: CaseID, _ description: String, parts: [[UInt8]], oneFrame: Bool) -> Case {
        let writes: [[UInt8]]
        if oneFrame {
            let frame = Frame.raw(.text, parts.reduce([], +))
            let bytes = FrameEncoder.encode(frame)
            let first = FrameEncoder.headerByteCount(of: frame) + parts[0].count
            let second = first + parts[1].count
            writes = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
        } else {
            writes = parts.enumerated().map { index, payload in
                FrameEncoder.encode(.raw(index == 0 ? .text : .continuation, payload, fin: index == 2))
            }
        }
        return .failure(
            id,
            description,
            expectation: "The first part is accepted; the server fails with 1007 as soon as the second part arrives "
                + "(OK), or at the latest once the message is complete (NON-STRICT).",
            rule: self.invalidRule + " Fail fast: the connection should fail at the first octet that cannot be part "
                + "of valid UTF-8.",
            steps: [
                .sendBytes(writes[0]), .sleep(Waits.syncPause), .mark("A"),
                .sendBytes(writes[1]), .sleep(Waits.syncPause), .mark("B"),
                .sendBytes(writes[2]), .killAfter(Waits.failure),
            ],
            okEvents: [.marker("A")],
            nonStrictEvents: [.marker("A"), .marker("B")],
            codes: [.invalidPayloadData]
        )
    }
}
