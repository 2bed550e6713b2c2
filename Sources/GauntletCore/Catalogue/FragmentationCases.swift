import WebSocketWire

/// Section 5, Fragmentation: messages split into frames must be reassembled, control frames may interleave but
/// never be fragmented, and continuation frames must continue something (RFC 6455 §5.4).
enum FragmentationCases {
    static let reassemblyRule =
        "RFC 6455 §5.4: a fragmented message is one text/binary frame with FIN clear, "
        + "continuation frames, and a final frame with FIN set; control frames may be injected in between."
    static let controlRule =
        "RFC 6455 §5.4–5.5: control frames must not be fragmented; the endpoint must fail "
        + "the connection."
    static let continuationRule =
        "RFC 6455 §5.4: a continuation frame must continue a message, and a new data "
        + "frame must not start while a fragmented message is open; otherwise the endpoint fails the connection."

    /// How a case writes its frames: back to back, one write per frame, or one write per octet.
    enum Mode: String {
        case together = "in one write"
        case framewise = "one write per frame"
        case octetwise = "one write per octet"
    }

    static var all: [Case] {
        let one = Array("fragment1".utf8)
        let two = Array("fragment2".utf8)
        let ping = Array("ping payload".utf8)
        let modes: [Mode] = [.together, .framewise, .octetwise]
        var cases: [Case] = [
            self.controlFragmented("5.1", .ping),
            self.controlFragmented("5.2", .pong),
        ]
        for (index, mode) in modes.enumerated() {
            cases.append(
                .exchange(
                    CaseID("5.\(3 + index)"),
                    "Send a text message in two fragments, \(mode.rawValue).",
                    expectation: "The reassembled message is echoed, then a clean close with 1000.",
                    rule: self.reassemblyRule,
                    steps: self.steps([.raw(.text, one, fin: false), .raw(.continuation, two)], mode)
                        + [.closeAfter(Waits.echo)],
                    expect: [.text(one + two)]
                )
            )
        }
        for (index, mode) in modes.enumerated() {
            cases.append(
                .exchange(
                    CaseID("5.\(6 + index)"),
                    "Send a text message in two fragments with a ping between them, \(mode.rawValue).",
                    expectation: "The pong comes first, then the reassembled message, then a clean close.",
                    rule: self.reassemblyRule,
                    steps: self.steps(
                        [.raw(.text, one, fin: false), .raw(.ping, ping), .raw(.continuation, two)],
                        mode
                    ) + [.closeAfter(Waits.echo)],
                    expect: [.pong(ping), .text(one + two)]
                )
            )
        }
        for (offset, fin) in [(9, true), (12, false)] {
            for (index, mode) in modes.enumerated() {
                cases.append(
                    .failure(
                        CaseID("5.\(offset + index)"),
                        "Send a continuation frame with FIN = \(fin) and nothing to continue, then a text message, "
                            + "\(mode.rawValue).",
                        expectation: "The server fails the connection with 1002 at once; nothing is echoed.",
                        rule: self.continuationRule,
                        steps: self.steps(
                            [
                                .raw(.continuation, Array("non-continuation payload".utf8), fin: fin),
                                .raw(.text, Array("Hello, world!".utf8)),
                            ],
                            mode
                        ) + [.killAfter(Waits.failure)]
                    )
                )
            }
        }
        cases += self.misfragmented(one: one, two: two)
        cases += [self.interleaved("5.19", sync: false), self.interleaved("5.20", sync: true)]
        return cases
    }

    private static func steps(_ frames: [Frame], _ mode: Mode) -> [Step] {
        switch mode {
        case .together: [.sendBytes(FrameEncoder.encode(frames))]
        case .framewise: frames.map { .send($0) }
        case .octetwise: frames.map { .send($0, chopSize: 1) }
        }
    }

    private static func controlFragmented(_ id: CaseID, _ opcode: Opcode) -> Case {
        .failure(
            id,
            "Send a \(opcode) in two fragments.",
            expectation: "The server fails the connection with 1002 at once; nothing answers the \(opcode).",
            rule: self.controlRule,
            steps: [
                .sendBytes(
                    FrameEncoder.encode([
                        .raw(opcode, Array("fragment1".utf8), fin: false),
                        .raw(.continuation, Array("fragment2".utf8)),
                    ])
                ),
                .killAfter(Waits.failure),
            ]
        )
    }

    /// 5.15-5.18: fragment sequences that break §5.4 after, or instead of, a valid message.
    private static func misfragmented(one: [UInt8], two: [UInt8]) -> [Case] {
        let three = Array("fragment3".utf8)
        let four = Array("fragment4".utf8)
        let orphanThenMessage: (Bool) -> [Frame] = { fin in
            [.raw(.continuation, one, fin: fin), .raw(.text, two, fin: false), .raw(.continuation, three)]
        }
        return [
            .failure(
                "5.15",
                "Send a text message in two fragments, then a continuation frame with FIN = false and nothing to "
                    + "continue, then a text frame, in one write.",
                expectation: "The first message is echoed, then the server fails the connection with 1002.",
                rule: self.continuationRule,
                steps: [
                    .sendBytes(
                        FrameEncoder.encode([
                            .raw(.text, one, fin: false), .raw(.continuation, two),
                            .raw(.continuation, three, fin: false), .raw(.text, four),
                        ])
                    ),
                    .killAfter(Waits.failure),
                ],
                okEvents: [.text(one + two)],
                nonStrictEvents: []
            ),
            .failure(
                "5.16",
                "Twice: a continuation frame with FIN = false and nothing to continue, then a text message in two "
                    + "fragments, in one write.",
                expectation: "The server fails the connection with 1002 at the first frame; nothing is echoed.",
                rule: self.continuationRule,
                steps: [
                    .sendBytes(FrameEncoder.encode(orphanThenMessage(false) + orphanThenMessage(false))),
                    .killAfter(Waits.failure),
                ]
            ),
            .failure(
                "5.17",
                "Twice: a continuation frame with FIN = true and nothing to continue, then a text message in two "
                    + "fragments, in one write.",
                expectation: "The server fails the connection with 1002 at the first frame; nothing is echoed.",
                rule: self.continuationRule,
                steps: [
                    .sendBytes(FrameEncoder.encode(orphanThenMessage(true) + orphanThenMessage(true))),
                    .killAfter(Waits.failure),
                ]
            ),
            .failure(
                "5.18",
                "Send a text message in two fragments that both carry the text opcode.",
                expectation: "The server fails the connection with 1002; nothing is echoed.",
                rule: self.continuationRule,
                steps: [
                    .sendBytes(FrameEncoder.encode([.raw(.text, one, fin: false), .raw(.text, two)])),
                    .killAfter(Waits.failure),
                ]
            ),
        ]
    }

    /// 5.19-5.20: five fragments with two pings between them and a pause in the middle.
    private static func interleaved(_ id: CaseID, sync: Bool) -> Case {
        let fragments = (1...5).map { Array("fragment\($0)".utf8) }
        let pings = [Array("pongme 1!".utf8), Array("pongme 2!".utf8)]
        let first: [Frame] = [
            .raw(.text, fragments[0], fin: false), .raw(.continuation, fragments[1], fin: false), .raw(.ping, pings[0]),
        ]
        let second: [Frame] = [
            .raw(.continuation, fragments[2], fin: false), .raw(.continuation, fragments[3], fin: false),
            .raw(.ping, pings[1]), .raw(.continuation, fragments[4]),
        ]
        let mode: Mode = sync ? .framewise : .together
        return .exchange(
            id,
            "Send a text message in five fragments with a ping after the second and after the fourth, pausing "
                + "one second after the first ping, \(mode.rawValue).",
            expectation: "Each pong comes back as soon as its ping arrives, before the message is complete; then the "
                + "message is echoed and the connection closes cleanly.",
            rule: self.reassemblyRule,
            steps: self.steps(first, mode) + [.sleep(Waits.syncPause)] + self.steps(second, mode)
                + [.closeAfter(Waits.echo)],
            expect: [.pong(pings[0]), .pong(pings[1]), .text(fragments.reduce([], +))]
        )
    }
}
