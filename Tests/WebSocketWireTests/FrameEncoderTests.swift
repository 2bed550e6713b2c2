import NIOCore
import Testing

@testable import WebSocketWire

/// One RFC 6455 §5.7 example: the frames and the exact bytes they are on the wire.
struct WireExample: Sendable, CustomTestStringConvertible {
    var name: String
    var frames: [Frame]
    var bytes: [UInt8]
    /// Masked examples are client frames, so they are parsed as a server would.
    var expectMasked: Bool

    var testDescription: String { self.name }

    static let all: [WireExample] = [
        WireExample(
            name: "single-frame unmasked text \"Hello\"",
            frames: [Frame(opcode: .text, payload: Array("Hello".utf8))],
            bytes: hex("81 05 48 65 6c 6c 6f"),
            expectMasked: false
        ),
        WireExample(
            name: "single-frame masked text \"Hello\"",
            frames: [Frame(opcode: .text, maskingKey: rfcKey, payload: Array("Hello".utf8))],
            bytes: hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"),
            expectMasked: true
        ),
        WireExample(
            name: "fragmented unmasked text \"Hel\" + \"lo\"",
            frames: [
                Frame(fin: false, opcode: .text, payload: Array("Hel".utf8)),
                Frame(opcode: .continuation, payload: Array("lo".utf8)),
            ],
            bytes: hex("01 03 48 65 6c 80 02 6c 6f"),
            expectMasked: false
        ),
        WireExample(
            name: "unmasked ping \"Hello\"",
            frames: [Frame(opcode: .ping, payload: Array("Hello".utf8))],
            bytes: hex("89 05 48 65 6c 6c 6f"),
            expectMasked: false
        ),
        WireExample(
            name: "masked pong \"Hello\"",
            frames: [Frame(opcode: .pong, maskingKey: rfcKey, payload: Array("Hello".utf8))],
            bytes: hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"),
            expectMasked: true
        ),
        WireExample(
            name: "256-byte unmasked binary (16-bit length)",
            frames: [Frame(opcode: .binary, payload: pattern(256))],
            bytes: hex("82 7E 01 00") + pattern(256),
            expectMasked: false
        ),
        WireExample(
            name: "64 KiB unmasked binary (64-bit length)",
            frames: [Frame(opcode: .binary, payload: pattern(65536))],
            bytes: hex("82 7F 00 00 00 00 00 01 00 00") + pattern(65536),
            expectMasked: false
        ),
    ]
}

@Suite("Frame encoding")
struct FrameEncoderTests {
    @Test("The RFC 6455 §5.7 examples encode byte for byte", arguments: WireExample.all)
    func encodesRFCExample(_ example: WireExample) {
        #expect(FrameEncoder.encode(example.frames) == example.bytes)
    }

    @Test("Encoding into a ByteBuffer writes the same bytes as encoding into an array", arguments: WireExample.all)
    func byteBufferMatchesArray(_ example: WireExample) {
        var buffer = ByteBuffer()
        for frame in example.frames {
            FrameEncoder.encode(frame, into: &buffer)
        }
        #expect(buffer.readBytes(length: buffer.readableBytes) == example.bytes)
    }

    static let exact: [(String, Frame, [UInt8])] = [
        ("all three RSV bits", Frame(rsv1: true, rsv2: true, rsv3: true, opcode: .binary), hex("F2 00")),
        ("only RSV2", Frame(rsv2: true, opcode: .text), hex("A1 00")),
        ("reserved data opcode 0x3", Frame(opcode: Opcode(rawValue: 3) ?? .text), hex("83 00")),
        ("reserved control opcode 0xF", Frame(fin: false, opcode: Opcode(rawValue: 15) ?? .ping), hex("0F 00")),
        (
            "a 16-bit length for 5 bytes",
            Frame(opcode: .binary, payload: [1, 2, 3, 4, 5], lengthEncoding: .sixteenBit),
            hex("82 7E 00 05 01 02 03 04 05")
        ),
        (
            "a 64-bit length for 1 byte", Frame(opcode: .binary, payload: [9], lengthEncoding: .sixtyFourBit),
            hex("82 7F 00 00 00 00 00 00 00 01 09")
        ),
        (
            "a length that lies about the payload", Frame(opcode: .text, payload: [0x41], declaredLength: 3),
            hex("81 03 41")
        ),
        (
            "a 64-bit length with the most significant bit set",
            Frame(opcode: .binary, declaredLength: 1 << 63), hex("82 7F 80 00 00 00 00 00 00 00")
        ),
        (
            "a 7-bit request that cannot hold 300 bytes falls back to 16 bits",
            Frame(opcode: .binary, declaredLength: 300), hex("82 7E 01 2C")
        ),
        ("an unmasked close with code 1000", Frame(opcode: .close, payload: [0x03, 0xE8]), hex("88 02 03 E8")),
    ]

    @Test("The encoder writes exactly what the frame says, rules or not", arguments: Self.exact)
    func writesExactly(_ name: String, _ frame: Frame, _ bytes: [UInt8]) {
        #expect(FrameEncoder.encode(frame) == bytes, "\(name)")
        #expect(FrameEncoder.headerByteCount(of: frame) <= bytes.count)
    }

    @Test("Client helpers build masked, final frames with fresh keys")
    func clientHelpersMask() {
        let first = Frame.clientText("hi")
        let second = Frame.clientText("hi")
        #expect(first.maskingKey != nil)
        #expect(first.fin)
        #expect(first.payload == Array("hi".utf8))
        #expect(first.maskingKey != second.maskingKey || first.maskingKey == nil)
        let close = Frame.clientClose(code: .normalClosure, reason: "done", maskingKey: rfcKey)
        #expect(close.opcode == .close)
        #expect(close.payload == [0x03, 0xE8] + Array("done".utf8))
        let bytes = FrameEncoder.encode(close)
        #expect(Array(bytes.prefix(6)) == hex("88 86 37 fa 21 3d"))
    }

    @Test("Masking is its own inverse at every phase", arguments: [0, 1, 2, 3, 5])
    func maskingIsAnInvolution(_ phase: Int) {
        let original = pattern(37)
        var bytes = original
        rfcKey.apply(to: &bytes, phase: phase)
        #expect(bytes != original)
        rfcKey.apply(to: &bytes, phase: phase)
        #expect(bytes == original)
    }

    @Test("Masking a payload in pieces equals masking it whole")
    func maskingInPiecesMatchesWhole() {
        let original = pattern(23)
        var whole = original
        rfcKey.apply(to: &whole)
        var head = Array(original[0..<7])
        var tail = Array(original[7...])
        rfcKey.apply(to: &head, phase: 0)
        rfcKey.apply(to: &tail, phase: 7)
        #expect(head + tail == whole)
    }

    @Test("Opcodes know which are control and which are reserved")
    func opcodeClassification() {
        let reserved = Opcode.allCases.filter(\.isReserved).map(\.rawValue)
        #expect(reserved == [3, 4, 5, 6, 7, 11, 12, 13, 14, 15])
        #expect(Opcode.allCases.filter(\.isControl).map(\.rawValue) == Array(8...15))
        #expect(Opcode(rawValue: 16) == nil)
        #expect(Opcode.close.description == "close")
        #expect(Opcode(rawValue: 0xB)?.description == "reservedControl(0xB)")
    }
}
