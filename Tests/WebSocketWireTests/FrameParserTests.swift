import NIOCore
import Testing

@testable import WebSocketWire

/// A stream of frames, the parser context, and the violation kinds expected on each parsed frame.
struct ViolationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var configuration: FrameParser.Configuration = .init()
    var expected: [[FrameViolation.Kind]]

    var testDescription: String { self.name }

    static let server = FrameParser.Configuration(expectMasked: true)
    static let deflate = FrameParser.Configuration(allowedReservedBits: 0b100)

    static let all: [ViolationCase] = [
        ViolationCase(name: "a valid unmasked server frame", bytes: hex("81 02 68 69"), expected: [[]]),
        ViolationCase(
            name: "a masked frame from the server",
            bytes: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
            expected: [[.maskedServerFrame]]
        ),
        ViolationCase(
            name: "an unmasked frame from a client",
            bytes: hex("81 02 68 69"),
            configuration: Self.server,
            expected: [[.unmaskedClientFrame]]
        ),
        ViolationCase(name: "RSV1 without an extension", bytes: hex("C1 00"), expected: [[.reservedBitSet]]),
        ViolationCase(name: "RSV2 without an extension", bytes: hex("A2 00"), expected: [[.reservedBitSet]]),
        ViolationCase(name: "RSV3 without an extension", bytes: hex("91 00"), expected: [[.reservedBitSet]]),
        ViolationCase(
            name: "RSV1 with permessage-deflate negotiated",
            bytes: hex("C1 00"),
            configuration: Self.deflate,
            expected: [[]]
        ),
        ViolationCase(
            name: "RSV1 on a ping even with permessage-deflate",
            bytes: hex("C9 00"),
            configuration: Self.deflate,
            expected: [[.reservedBitSet]]
        ),
        ViolationCase(name: "reserved data opcode 0x3", bytes: hex("83 00"), expected: [[.reservedOpcode]]),
        ViolationCase(name: "reserved data opcode 0x7", bytes: hex("87 00"), expected: [[.reservedOpcode]]),
        ViolationCase(name: "reserved control opcode 0xB", bytes: hex("8B 00"), expected: [[.reservedOpcode]]),
        ViolationCase(name: "reserved control opcode 0xF", bytes: hex("8F 00"), expected: [[.reservedOpcode]]),
        ViolationCase(name: "a ping without FIN", bytes: hex("09 00"), expected: [[.fragmentedControlFrame]]),
        ViolationCase(
            name: "a ping with 126 bytes",
            bytes: hex("89 7E 00 7E") + pattern(126),
            expected: [[.oversizedControlFrame]]
        ),
        ViolationCase(
            name: "a ping with 125 bytes (the maximum)",
            bytes: hex("89 7D") + pattern(125),
            expected: [[]]
        ),
        ViolationCase(
            name: "5 bytes in the 16-bit form",
            bytes: hex("82 7E 00 05") + pattern(5),
            expected: [[.nonMinimalLength]]
        ),
        ViolationCase(
            name: "5 bytes in the 64-bit form",
            bytes: hex("82 7F 00 00 00 00 00 00 00 05") + pattern(5),
            expected: [[.nonMinimalLength]]
        ),
        ViolationCase(
            name: "65535 bytes in the 64-bit form",
            bytes: hex("82 7F 00 00 00 00 00 00 FF FF") + pattern(65535),
            expected: [[.nonMinimalLength]]
        ),
        ViolationCase(
            name: "a continuation with nothing to continue",
            bytes: hex("80 01 41"),
            expected: [[.unexpectedContinuation]]
        ),
        ViolationCase(
            name: "a new text frame while a fragmented message is open",
            bytes: hex("01 01 41 81 01 42"),
            expected: [[], [.expectedContinuation]]
        ),
        ViolationCase(
            name: "control frames interleaved with a fragmented message",
            bytes: hex("02 01 41 89 00 80 01 42 80 00"),
            expected: [[], [], [], [.unexpectedContinuation]]
        ),
        ViolationCase(name: "a close payload of one byte", bytes: hex("88 01 03"), expected: [[.invalidClosePayload]]),
        ViolationCase(name: "close code 1005 on the wire", bytes: hex("88 02 03 ED"), expected: [[.invalidCloseCode]]),
        ViolationCase(name: "close code 999", bytes: hex("88 02 03 E7"), expected: [[.invalidCloseCode]]),
        ViolationCase(name: "close code 5000", bytes: hex("88 02 13 88"), expected: [[.invalidCloseCode]]),
        ViolationCase(name: "close code 3000 is fine", bytes: hex("88 02 0B B8"), expected: [[]]),
        ViolationCase(
            name: "a close reason that is not UTF-8",
            bytes: hex("88 04 03 E8 41 FF"),
            expected: [[.invalidUTF8]]
        ),
        ViolationCase(
            name: "several rules broken by one frame",
            bytes: hex("F3 FE 00 7E 01 02 03 04") + pattern(126),
            expected: [[.maskedServerFrame, .reservedBitSet, .reservedOpcode]]
        ),
        ViolationCase(
            name: "a fragmented, oversized, masked ping",
            bytes: hex("09 FE 00 7E 01 02 03 04") + pattern(126),
            expected: [[.maskedServerFrame, .fragmentedControlFrame, .oversizedControlFrame]]
        ),
    ]
}

@Suite("Frame parsing")
struct FrameParserTests {
    @Test("The RFC 6455 §5.7 examples parse back to their frames", arguments: WireExample.all)
    func parsesRFCExample(_ example: WireExample) {
        let parsed = parseAll(example.bytes, configuration: .init(expectMasked: example.expectMasked))
        #expect(parsed.map(\.frame) == example.frames)
        #expect(parsed.allSatisfy { $0.violations.isEmpty })
        #expect(parsed.map(\.byteCount).reduce(0, +) == example.bytes.count)
    }

    @Test("Each rule broken by the peer is reported with its kind", arguments: ViolationCase.all)
    func reportsViolation(_ row: ViolationCase) {
        let parsed = parseAll(row.bytes, configuration: row.configuration)
        #expect(parsed.map { $0.violations.map(\.kind) } == row.expected)
        for frame in parsed {
            for violation in frame.violations {
                #expect(!violation.rfcSection.isEmpty)
                #expect(!violation.detail.isEmpty)
                #expect(violation.offset >= frame.offset && violation.offset < frame.offset + frame.byteCount)
            }
        }
    }

    @Test("Parsing split at every byte position gives the same frames", arguments: WireExample.all.prefix(5))
    func splitAtEveryPositionIsIdentical(_ example: WireExample) {
        let configuration = FrameParser.Configuration(expectMasked: example.expectMasked)
        let whole = parseAll(example.bytes, configuration: configuration)
        for split in 0...example.bytes.count {
            let parts = [example.bytes[..<split], example.bytes[split...]]
            #expect(parseChunked(parts, configuration: configuration) == whole, "split at \(split)")
        }
    }

    @Test("Violations are the same whichever byte the stream is split at", arguments: ViolationCase.all)
    func violationsSurviveEverySplit(_ row: ViolationCase) {
        let whole = parseAll(row.bytes, configuration: row.configuration)
        for split in 0...min(row.bytes.count, 40) {
            let parts = [row.bytes[..<split], row.bytes[split...]]
            #expect(parseChunked(parts, configuration: row.configuration) == whole, "split at \(split)")
        }
    }

    @Test("Feeding one byte at a time gives the same frames as feeding everything at once")
    func byteAtATimeMatchesWhole() {
        let bytes = WireExample.all.prefix(6).flatMap(\.bytes) + hex("88 04 03 E8 41 FF 80 00")
        let whole = parseAll(bytes)
        let chunks = bytes.indices.map { bytes[$0...$0] }
        #expect(parseChunked(chunks) == whole)
        #expect(whole.count == 9)
    }

    @Test("Offsets count from the start of the stream")
    func offsetsAreStreamOffsets() {
        let parsed = parseAll(hex("81 02 68 69 88 04 03 E8 41 FF"))
        #expect(parsed.map(\.offset) == [0, 4])
        #expect(parsed.map(\.payloadOffset) == [2, 6])
        #expect(parsed[1].violations.first?.offset == 9)
    }

    @Test("A header announcing more than the maximum frame size stops parsing")
    func frameTooLargeStopsParsing() {
        var parser = FrameParser(configuration: .init(maxFrameSize: 10))
        parser.append(hex("81 02 68 69 82 0B"))
        #expect(parser.next()?.frame.payload == Array("hi".utf8))
        #expect(parser.next() == nil)
        #expect(parser.fatalViolation?.kind == .frameTooLarge)
        #expect(parser.fatalViolation?.offset == 4)
        parser.append(pattern(1000))
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.next() == nil)
    }

    @Test("A frame of exactly the maximum size is accepted")
    func frameAtTheLimitIsAccepted() {
        let parsed = parseAll(hex("82 0A") + pattern(10), configuration: .init(maxFrameSize: 10))
        #expect(parsed.count == 1)
        #expect(parsed.first?.violations == [])
    }

    static let hugeLengths: [UInt64] = [1 << 63, UInt64.max, UInt64(Int.max), (1 << 63) + 5]

    @Test("A 64-bit length of 2^63 or more is handled without overflow", arguments: Self.hugeLengths)
    func hugeLengthIsSafe(_ length: UInt64) {
        for maxFrameSize in [64 << 20, Int.max] {
            var parser = FrameParser(configuration: .init(maxFrameSize: maxFrameSize))
            var header: [UInt8] = [0x82, 0x7F]
            for shift in stride(from: 56, through: 0, by: -8) {
                header.append(UInt8(truncatingIfNeeded: length >> UInt64(shift)))
            }
            parser.append(header + [1, 2, 3])
            #expect(parser.next() == nil)
            if length <= UInt64(maxFrameSize) {
                // Int.max is allowed by this configuration: the parser waits, but never allocates the claim.
                #expect(parser.fatalViolation == nil)
                #expect(parser.bufferedByteCount == 3)
            } else {
                #expect(parser.fatalViolation?.kind == .frameTooLarge)
                let msbSet = length & (1 << 63) != 0
                #expect(parser.fatalFrameViolations.contains { $0.kind == .lengthMostSignificantBitSet } == msbSet)
            }
        }
    }

    @Test("A large announced frame is buffered only as its bytes arrive")
    func largeFrameIsNotPreallocated() {
        var parser = FrameParser()
        parser.append(hex("82 7F 00 00 00 00 03 00 00 00"))  // 48 MiB, under the default 64 MiB limit
        parser.append(pattern(100))
        #expect(parser.next() == nil)
        #expect(parser.fatalViolation == nil)
        #expect(parser.bufferedByteCount == 100)
    }

    @Test("A ByteBuffer can be appended directly")
    func acceptsByteBuffer() {
        var parser = FrameParser()
        parser.append(ByteBuffer(bytes: hex("89 05 48 65 6c 6c 6f")))
        #expect(parser.next()?.frame == Frame(opcode: .ping, payload: Array("Hello".utf8)))
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.streamOffset == 7)
    }

    @Test("Non-minimal encodings survive a round trip through encoder and parser")
    func nonMinimalRoundTrips() {
        let frames = [
            Frame(opcode: .binary, payload: pattern(5), lengthEncoding: .sixteenBit),
            Frame(opcode: .binary, payload: pattern(300), lengthEncoding: .sixtyFourBit),
            Frame(rsv1: true, opcode: .text, payload: Array("x".utf8)),
        ]
        let bytes = FrameEncoder.encode(frames)
        let parsed = parseAll(bytes)
        #expect(parsed.map(\.frame) == frames)
        #expect(FrameEncoder.encode(parsed.map(\.frame)) == bytes)
    }

    @Test("A long stream of frames is parsed without keeping consumed bytes")
    func longStreamStaysBounded() {
        var parser = FrameParser()
        let frame = FrameEncoder.encode(Frame(opcode: .binary, payload: pattern(1000)))
        var count = 0
        for _ in 0..<500 {
            parser.append(frame + frame.prefix(3))
            parser.append(frame.dropFirst(3))
            count += parser.drain().count
        }
        #expect(count == 1000)
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.streamOffset == 500 * 2 * frame.count)
    }
}
