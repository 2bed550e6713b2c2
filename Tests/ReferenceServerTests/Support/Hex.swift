/// Parses a hex string such as "f2 48 cd" into bytes; whitespace is ignored, a bad digit pair reads as 0.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(digits[index..<min(index + 2, digits.count)]), radix: 16) ?? 0
    }
}
