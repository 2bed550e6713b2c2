import WebSocketWire

/// UTF-8 damage at the places servers get wrong (RFC 6455 §5.6 and §8.1): an invalid sequence at a code-point
/// boundary, a code point split across fragment boundaries (valid, and often mishandled), and a sequence cut off
/// at the end of the final frame.
enum UTF8Corruptor {
    /// Sequences no valid UTF-8 contains, each named for notes: stray byte, overlong, surrogate, beyond U+10FFFF.
    static let invalid: [(bytes: [UInt8], name: String)] = [
        ([0xFF], "byte 0xFF"), ([0xC0, 0x80], "overlong NUL"), ([0xED, 0xA0, 0x80], "UTF-16 surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "code point above U+10FFFF"), ([0x80], "lone continuation byte"),
        ([0xE2, 0x82], "truncated 3-byte sequence"),
    ]

    /// Multi-byte code points to split: two, three and four octets.
    static let wide: [[UInt8]] = [[0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80]]

    static func corrupt(_ frame: Frame, using random: inout FuzzRandom) -> (frames: [Frame], note: String) {
        var frame = frame
        if frame.opcode != .text && frame.opcode != .continuation { frame.opcode = .text }
        frame.declaredLength = nil
        let boundary = Self.codePointBoundary(in: frame.payload, using: &random)
        switch random.int(0...2) {
        case 0:
            let (bytes, name) = Self.invalid[random.index(Self.invalid.count)]
            frame.payload.insert(contentsOf: bytes, at: boundary)
            return ([frame], "\(name) at payload byte \(boundary)")
        case 1:
            let point = Self.wide[random.index(Self.wide.count)]
            frame.payload.insert(contentsOf: point, at: boundary)
            let cut = boundary + random.int(1...point.count - 1)
            var first = frame
            first.payload = Array(frame.payload[..<cut])
            first.fin = false
            var second = frame
            second.payload = Array(frame.payload[cut...])
            second.opcode = .continuation
            second.maskingKey = frame.maskingKey.map { _ in FrameMutator.key(using: &random) }
            return ([first, second], "\(point.count)-byte code point split across fragments")
        default:
            let point = Self.wide[random.index(Self.wide.count)]
            frame.payload += point.dropLast(random.int(1...point.count - 1))
            return ([frame], "\(point.count)-byte code point cut off at the end of the frame")
        }
    }

    /// A random offset in `payload` that does not fall inside a multi-byte sequence.
    private static func codePointBoundary(in payload: [UInt8], using random: inout FuzzRandom) -> Int {
        let boundaries = (0...payload.count).filter { $0 == payload.count || payload[$0] & 0xC0 != 0x80 }
        return boundaries[random.index(boundaries.count)]
    }
}
