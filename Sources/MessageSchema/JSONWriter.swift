/// Writes `JSONValue`s as compact JSON text in key order, so generated messages go out exactly as built.
/// Big integers are written digit for digit; non-finite doubles (which no parse produces) become `null`.
public enum JSONWriter {
    /// The compact UTF-8 encoding of `value`.
    public static func bytes(from value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        self.write(value, into: &output)
        return output
    }

    /// The compact encoding of `value` as a string.
    public static func string(from value: JSONValue) -> String {
        String(decoding: self.bytes(from: value), as: UTF8.self)
    }

    /// Appends the compact encoding of `value` to `output`.
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .bigInteger(let digits): output.append(contentsOf: digits.utf8)
        case .number(let number):
            if number.isFinite {
                output.append(contentsOf: self.formatDouble(number).utf8)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        case .string(let text): self.writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                self.write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                self.write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Shortest round-tripping text; always has a fraction or exponent so it reads back as a decimal.
    static func formatDouble(_ number: Double) -> String {
        let text = "\(number)"
        if text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }

    /// Writes a string with the escapes RFC 8259 §7 requires (quote, backslash, controls); all else stays UTF-8.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
