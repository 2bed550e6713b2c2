import Testing

@testable import WebSocketWire

@Suite("Message assembly")
struct MessageAssemblerTests {
    /// Parses `bytes` and pushes every frame, returning the events per frame.
    func assemble(_ bytes: [UInt8], maxMessageSize: Int = 1 << 20) -> [[MessageAssembler.Event]] {
        var assembler = MessageAssembler(maxMessageSize: maxMessageSize)
        return parseAll(bytes).map { assembler.push($0) }
    }

    @Test("A single text frame is one message")
    func singleFrameMessage() {
        #expect(self.assemble(hex("81 05 48 65 6c 6c 6f")) == [[.message(opcode: .text, payload: Array("Hello".utf8))]])
    }

    @Test("The RFC 6455 §5.7 fragmented \"Hel\" + \"lo\" becomes one message on the final frame")
    func fragmentedMessage() {
        let events = self.assemble(hex("01 03 48 65 6c 80 02 6c 6f"))
        #expect(events == [[], [.message(opcode: .text, payload: Array("Hello".utf8))]])
    }

    @Test("Control frames between fragments do not disturb the message")
    func controlFramesAreIgnored() {
        let events = self.assemble(hex("02 01 01 89 00 80 01 02"))
        #expect(events == [[], [], [.message(opcode: .binary, payload: [1, 2])]])
    }

    @Test("A character split across fragments is valid")
    func characterSplitAcrossFragments() {
        let events = self.assemble(hex("01 01 E2 80 02 82 AC"))
        #expect(events.last == [.message(opcode: .text, payload: [0xE2, 0x82, 0xAC])])
    }

    @Test("Invalid UTF-8 is reported on the first fragment that contains it, with its stream offset")
    func invalidUTF8FailsFast() {
        // Frame 1 "κ" ok, frame 2 starts at 4: header 2 bytes, payload "a" then ED A0 (surrogate) at offset 8.
        let bytes = hex("01 02 CE BA 00 03 61 ED A0 80 02 80 41")
        let events = self.assemble(bytes)
        #expect(events.count == 3)
        #expect(events[0] == [])
        guard case .violation(let violation)? = events[1].first else {
            Issue.record("expected a violation on the second fragment, got \(events[1])")
            return
        }
        #expect(violation.kind == .invalidUTF8)
        #expect(violation.offset == 8)
        #expect(events[2] == [])
    }

    @Test("A text message that ends mid-character is invalid at its final frame")
    func truncatedCharacterAtEnd() {
        let events = self.assemble(hex("81 03 41 42 E2"))
        guard case .violation(let violation)? = events.first?.first else {
            Issue.record("expected a violation, got \(events)")
            return
        }
        #expect(violation.kind == .invalidUTF8)
        #expect(violation.offset == 4)
    }

    @Test("Binary messages are not checked for UTF-8")
    func binaryIsNotValidated() {
        #expect(self.assemble(hex("82 02 FF FE")) == [[.message(opcode: .binary, payload: [0xFF, 0xFE])]])
    }

    @Test("A message larger than the maximum is reported once and dropped")
    func messageTooLarge() {
        let events = self.assemble(hex("02 03 01 02 03 00 03 04 05 06 80 01 07 82 01 08"), maxMessageSize: 5)
        #expect(events[0] == [])
        #expect(events[1].count == 1)
        if case .violation(let violation)? = events[1].first {
            #expect(violation.kind == .messageTooLarge)
            #expect(violation.offset == 5)
        } else {
            Issue.record("expected messageTooLarge, got \(events[1])")
        }
        #expect(events[2] == [])
        #expect(events[3] == [.message(opcode: .binary, payload: [8])])
    }

    @Test("A new data frame while a message is open starts a new message")
    func newMessageAbandonsOpenOne() {
        let events = self.assemble(hex("01 01 41 81 01 42"))
        #expect(events == [[], [.message(opcode: .text, payload: [0x42])]])
    }

    @Test("An orphan continuation produces no message")
    func orphanContinuationIsIgnored() {
        var assembler = MessageAssembler()
        let events = parseAll(hex("80 01 41")).flatMap { assembler.push($0) }
        #expect(events.isEmpty)
        #expect(!assembler.isAssembling)
    }

    /// Feeds `bytes` one at a time through parser and assembler, pushing partial payloads after every byte;
    /// returns the events with the number of bytes that had arrived when each was produced.
    func assembleBytewise(
        _ bytes: [UInt8],
        configuration: FrameParser.Configuration = .init(),
        maxMessageSize: Int = 1 << 20
    ) -> [(arrived: Int, event: MessageAssembler.Event)] {
        var parser = FrameParser(configuration: configuration)
        var assembler = MessageAssembler(maxMessageSize: maxMessageSize)
        var events: [(arrived: Int, event: MessageAssembler.Event)] = []
        for (index, byte) in bytes.enumerated() {
            parser.append([byte])
            while let piece = parser.takePartialPayload() {
                events += assembler.pushPartial(piece).map { (index + 1, $0) }
            }
            while let frame = parser.next() {
                events += assembler.push(frame).map { (index + 1, $0) }
            }
        }
        return events
    }

    @Test("Invalid UTF-8 is reported as soon as the impossible byte arrives, before its frame completes")
    func invalidUTF8FailsBeforeFrameCompletes() {
        // "abc" ED A0 80 "xyz": the surrogate's second byte A0 is payload byte 4, stream byte 6.
        let bytes = hex("81 09 61 62 63 ED A0 80 78 79 7A")
        let events = self.assembleBytewise(bytes)
        #expect(events.count == 1)
        #expect(events.first?.arrived == 7)
        if case .violation(let violation)? = events.first?.event {
            #expect(violation.kind == .invalidUTF8)
            #expect(violation.offset == 6)
        } else {
            Issue.record("expected an invalidUTF8 violation, got \(events)")
        }
    }

    @Test("Partial payloads of masked frames are unmasked and each byte is checked once")
    func partialPayloadsOfMaskedFrames() {
        let frames = [
            Frame(fin: false, opcode: .text, maskingKey: rfcKey, payload: Array("κόσ".utf8)),
            Frame(opcode: .ping, maskingKey: rfcKey, payload: [1]),
            Frame(opcode: .continuation, maskingKey: rfcKey, payload: Array("με ✓".utf8)),
        ]
        let events = self.assembleBytewise(FrameEncoder.encode(frames), configuration: .init(expectMasked: true))
        #expect(events.map(\.event) == [.message(opcode: .text, payload: Array("κόσμε ✓".utf8))])
    }

    @Test("The partial bytes handed out add up to the frame's payload")
    func partialBytesAddUp() {
        var parser = FrameParser(configuration: .init(expectMasked: true))
        let frame = Frame(opcode: .binary, maskingKey: rfcKey, payload: pattern(300))
        let bytes = FrameEncoder.encode(frame)
        var collected: [UInt8] = []
        for chunk in stride(from: 0, to: bytes.count, by: 7) {
            parser.append(bytes[chunk..<min(chunk + 7, bytes.count)])
            while let piece = parser.takePartialPayload() {
                #expect(piece.payloadIndex == collected.count)
                #expect(piece.payloadOffset == 8)
                collected += piece.bytes
            }
        }
        #expect(collected == frame.payload)
        #expect(parser.next()?.frame == frame)
    }

    @Test("A message that outgrows the maximum is reported before its frame completes")
    func messageTooLargeFailsEarly() {
        let events = self.assembleBytewise(hex("82 0A") + pattern(10), maxMessageSize: 4)
        #expect(events.count == 1)
        #expect(events.first?.arrived == 7)
        if case .violation(let violation)? = events.first?.event {
            #expect(violation.kind == .messageTooLarge)
        } else {
            Issue.record("expected messageTooLarge, got \(events)")
        }
    }
}
