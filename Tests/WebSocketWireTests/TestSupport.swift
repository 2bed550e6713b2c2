import WebSocketWire

/// Parses a hex string such as "81 05 48 65" into bytes; whitespace is ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// Parses `bytes` in one go and returns every complete frame.
func parseAll(_ bytes: [UInt8], configuration: FrameParser.Configuration = .init()) -> [ParsedFrame] {
    var parser = FrameParser(configuration: configuration)
    parser.append(bytes)
    return parser.drain()
}

/// Parses `bytes` delivered in the given chunks, draining after each one.
func parseChunked(_ chunks: [ArraySlice<UInt8>], configuration: FrameParser.Configuration = .init()) -> [ParsedFrame] {
    var parser = FrameParser(configuration: configuration)
    var frames: [ParsedFrame] = []
    for chunk in chunks {
        parser.append(chunk)
        frames.append(contentsOf: parser.drain())
    }
    return frames
}

/// The RFC 6455 §5.7 sample key.
let rfcKey = MaskingKey(0x37, 0xFA, 0x21, 0x3D)

/// A deterministic byte pattern of the given length.
func pattern(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
}
