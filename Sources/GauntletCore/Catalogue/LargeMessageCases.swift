import WebSocketWire

/// Section 9, Limits/Performance: messages of 64 KiB to 16 MiB, whole, fragmented and chopped, and 1000-message
/// round trips (RFC 6455 §5.2, §5.4). Payloads are patterns generated while a case runs, and echoes of 1 MiB or
/// more are compared by SHA-256, so memory stays near one message per running case.
enum LargeMessageCases {
    static let rule =
        "RFC 6455 §5.2 and §5.4: a payload of any length up to 2^63 bytes, whole or in fragments, "
        + "is delivered as the same application data; a server that limits size closes with 1009 instead (§7.4.1)."

    static let textPattern = Array("BAsd7&jh23".utf8)
    static let binaryPattern: [UInt8] = [0xFE, 0x23, 0x00, 0xA7, 0x5C, 0x81]

    /// Built once per process: the expected digests cost one pass over each distinct payload.
    static let all: [Case] = Self.build()

    private static func build() -> [Case] {
        var digests: [PayloadPattern: ApplicationEvent] = [:]
        func expected(_ opcode: Opcode, _ pattern: PayloadPattern) -> ApplicationEvent {
            if let event = digests[pattern] { return event }
            let bytes = pattern.bytes()
            let event = (opcode == .text ? ApplicationEvent.text(bytes) : .binary(bytes)).canonical
            digests[pattern] = event
            return event
        }
        var cases: [Case] = []
        let sizes = [64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20]
        // Seconds each size may take to come back, like Autobahn's per-case WAITSECS; scaled by --timeout-scale.
        let waits = [10, 10, 20, 40, 60, 60]
        let fragmentSizes = [64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20]
        let chopSizes = [64, 128, 256, 512, 1024, 2048]
        for (subsection, opcode) in [(1, Opcode.text), (2, .binary)] {
            for (index, size) in sizes.enumerated() {
                let pattern = self.pattern(opcode, size)
                cases.append(
                    self.echo(
                        CaseID("9.\(subsection).\(index + 1)"),
                        "Send a \(self.kind(opcode)) message of \(self.octets(size)) in one frame.",
                        .sendMessage(opcode, pattern),
                        expected(opcode, pattern),
                        wait: waits[index]
                    )
                )
            }
        }
        for (subsection, opcode) in [(3, Opcode.text), (4, .binary)] {
            let pattern = self.pattern(opcode, 4 << 20)
            for (index, fragmentSize) in fragmentSizes.enumerated() {
                cases.append(
                    self.echo(
                        CaseID("9.\(subsection).\(index + 1)"),
                        "Send a \(self.kind(opcode)) message of 4 MiB in frames of \(self.octets(fragmentSize)).",
                        .sendMessage(opcode, pattern, fragmentSize: fragmentSize),
                        expected(opcode, pattern),
                        wait: 60
                    )
                )
            }
        }
        for (subsection, opcode) in [(5, Opcode.text), (6, .binary)] {
            let pattern = self.pattern(opcode, 1 << 20)
            for (index, chopSize) in chopSizes.enumerated() {
                cases.append(
                    self.echo(
                        CaseID("9.\(subsection).\(index + 1)"),
                        "Send a \(self.kind(opcode)) message of 1 MiB in one frame, written in chops of "
                            + "\(chopSize) octets.",
                        .sendMessage(opcode, pattern, chopSize: chopSize),
                        expected(opcode, pattern),
                        wait: 20
                    )
                )
            }
        }
        for (subsection, opcode) in [(7, Opcode.text), (8, .binary)] {
            for (index, size) in [0, 16, 64, 256, 1024, 4096].enumerated() {
                cases.append(self.roundTrips(CaseID("9.\(subsection).\(index + 1)"), opcode, size: size))
            }
        }
        return cases
    }

    private static func pattern(_ opcode: Opcode, _ size: Int) -> PayloadPattern {
        PayloadPattern(opcode == .text ? self.textPattern : self.binaryPattern, count: size)
    }

    private static func kind(_ opcode: Opcode) -> String { opcode == .text ? "text" : "binary" }

    private static func octets(_ size: Int) -> String {
        size >= 1 << 20 ? "\(size >> 20) MiB" : size >= 1 << 10 ? "\(size >> 10) KiB" : "\(size) octets"
    }

    private static func echo(
        _ id: CaseID, _ description: String, _ step: Step, _ event: ApplicationEvent, wait: Int
    )
        -> Case
    {
        .exchange(
            id,
            description,
            expectation: "The message comes back unchanged within \(wait) s (compared by SHA-256 from 1 MiB), then a "
                + "clean close with 1000.",
            rule: self.rule,
            steps: [step, .closeAfter(.seconds(wait))],
            expect: [event]
        )
    }

    /// 9.7.x-9.8.x: 1000 messages, each sent once the previous echo is in.
    private static func roundTrips(_ id: CaseID, _ opcode: Opcode, size: Int) -> Case {
        let pattern = self.pattern(opcode, size)
        let bytes = pattern.bytes()
        let event: ApplicationEvent = opcode == .text ? .text(bytes) : .binary(bytes)
        let count = 1000
        let steps = (1...count).flatMap { sent in
            [Step.sendMessage(opcode, pattern), .awaitEvents(count: sent, timeout: Waits.roundTrip)]
        }
        return .exchange(
            id,
            "Send \(count) \(self.kind(opcode)) messages of \(self.octets(size)), each after the previous echo.",
            expectation: "All \(count) messages are echoed in order, then a clean close with 1000.",
            rule: self.rule,
            steps: steps + [.closeAfter(Waits.roundTrip)],
            expect: Array(repeating: event, count: count)
        )
    }
}
