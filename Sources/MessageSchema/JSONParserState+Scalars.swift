/// Strings and numbers of the parser: the byte-level grammar of RFC 8259 §6 and §7.
extension JSONParserState {
    mutating func parseString() throws(JSONParseError) -> String {
        let open = self.position
        self.position += 1
        let start = self.position
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            if byte == UInt8(ascii: "\"") {
                let text = try self.decodeUTF8(start..<self.position)
                self.position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw self.error(.controlCharacterInString, "unescaped control character in string")
            }
            self.position += 1
        }
        var buffer: [UInt8] = Array(self.bytes[start..<self.position])
        while self.position < self.bytes.count {
            let byte = self.bytes[self.position]
            if byte == UInt8(ascii: "\"") {
                self.position += 1
                return try self.decodeUTF8Buffer(buffer, origin: start)
            }
            if byte < 0x20 {
                throw self.error(.controlCharacterInString, "unescaped control character in string")
            }
            if byte == UInt8(ascii: "\\") {
                try self.parseEscape(into: &buffer)
            } else {
                buffer.append(byte)
                self.position += 1
            }
        }
        throw self.error(.unexpectedEndOfInput, "unterminated string", at: open)
    }

    func decodeUTF8(_ range: Range<Int>) throws(JSONParseError) -> String {
        if let text = String(validating: self.bytes[range], as: UTF8.self) {
            return text
        }
        throw self.error(.invalidUTF8, "invalid UTF-8 in string", at: self.firstInvalidUTF8(in: range))
    }

    func decodeUTF8Buffer(_ buffer: [UInt8], origin: Int) throws(JSONParseError) -> String {
        if let text = String(validating: buffer, as: UTF8.self) {
            return text
        }
        throw self.error(.invalidUTF8, "invalid UTF-8 in string", at: self.firstInvalidUTF8(in: origin..<self.position))
    }

    /// The offset of the first byte that starts an invalid UTF-8 sequence, for the error position.
    func firstInvalidUTF8(in range: Range<Int>) -> Int {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let length = self.validSequenceLength(at: offset, end: range.upperBound)
            if length == 0 { return offset }
            offset += length
        }
        return range.upperBound
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (RFC 3629 §4), or 0 when it is ill-formed.
    func validSequenceLength(at offset: Int, end: Int) -> Int {
        let lead = self.bytes[offset]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, lower) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, upper) = (3, 0x9F)
        case 0xF0: (length, lower) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, upper) = (4, 0x8F)
        default: return 0
        }
        guard offset + length <= end else { return 0 }
        let second = self.bytes[offset + 1]
        guard second >= lower && second <= upper else { return 0 }
        for index in (offset + 2)..<(offset + length) where self.bytes[index] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = self.position
        self.position += 1
        guard self.position < self.bytes.count else {
            throw self.error(.unexpectedEndOfInput, "unterminated escape sequence", at: escapeStart)
        }
        let byte = self.bytes[self.position]
        self.position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var value = try self.parseHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(value) {
                let follows =
                    self.position + 1 < self.bytes.count && self.bytes[self.position] == UInt8(ascii: "\\")
                    && self.bytes[self.position + 1] == UInt8(ascii: "u")
                guard follows else {
                    throw self.error(.loneSurrogate, "high surrogate without a low surrogate", at: escapeStart)
                }
                self.position += 2
                let low = try self.parseHex4(escapeStart: self.position - 2)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw self.error(.loneSurrogate, "high surrogate without a low surrogate", at: escapeStart)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw self.error(.loneSurrogate, "low surrogate without a high surrogate", at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw self.error(.invalidEscape, "invalid Unicode escape", at: escapeStart)
            }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw self.error(
                .invalidEscape, "invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'",
                at: escapeStart)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard self.position + 4 <= self.bytes.count else {
            throw self.error(.invalidEscape, "\\u needs four hex digits", at: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.error(.invalidEscape, "\\u needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            self.position += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = self.position
        var isInteger = true
        if self.bytes[self.position] == UInt8(ascii: "-") { self.position += 1 }
        guard self.position < self.bytes.count, self.isDigit(self.bytes[self.position]) else {
            throw self.error(.invalidNumber, "a number needs a digit after '-'", at: start)
        }
        if self.bytes[self.position] == UInt8(ascii: "0") {
            self.position += 1
            if self.position < self.bytes.count, self.isDigit(self.bytes[self.position]) {
                throw self.error(.invalidNumber, "leading zeros are not allowed in numbers", at: start)
            }
        } else {
            self.skipDigits()
        }
        if self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: ".") {
            isInteger = false
            self.position += 1
            guard self.position < self.bytes.count, self.isDigit(self.bytes[self.position]) else {
                throw self.error(.invalidNumber, "a fraction needs at least one digit")
            }
            self.skipDigits()
        }
        if self.position < self.bytes.count,
            self.bytes[self.position] == UInt8(ascii: "e") || self.bytes[self.position] == UInt8(ascii: "E")
        {
            isInteger = false
            self.position += 1
            if self.position < self.bytes.count,
                self.bytes[self.position] == UInt8(ascii: "+") || self.bytes[self.position] == UInt8(ascii: "-")
            {
                self.position += 1
            }
            guard self.position < self.bytes.count, self.isDigit(self.bytes[self.position]) else {
                throw self.error(.invalidNumber, "an exponent needs at least one digit")
            }
            self.skipDigits()
        }
        let text = String(decoding: self.bytes[start..<self.position], as: UTF8.self)
        if isInteger {
            if let value = Int(text) { return .integer(value) }
            return .bigInteger(text)
        }
        guard let value = Double(text), value.isFinite else {
            throw self.error(.numberOutOfRange, "number \(text) is outside the range of a 64-bit float", at: start)
        }
        return .number(value)
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    mutating func skipDigits() {
        while self.position < self.bytes.count, self.isDigit(self.bytes[self.position]) {
            self.position += 1
        }
    }
}
