/// Finds where in a JSON text a value sits, so a bad results or baseline file is reported as `file:line:column`
/// instead of as a coding path a user cannot see in an editor.
///
/// Foundation's decoder says *what* is wrong and *under which keys*; this scanner turns that path back into a
/// position, and names the first syntax error with its position when the text is not JSON at all.
enum JSONSourceLocator {
    /// A 1-based line and column; columns count characters, not bytes.
    struct Position: Sendable, Hashable, CustomStringConvertible {
        var line: Int
        var column: Int

        var description: String { "\(self.line):\(self.column)" }
    }

    /// One step of a path: an object member or an array element.
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// Nesting deeper than this is reported as an error rather than recursed into.
    static let maxDepth = 256

    /// Where the value at `path` starts, or nil when the text has no such value.
    static func locate(_ path: [Component], in bytes: [UInt8]) -> Position? {
        var scanner = Scanner(bytes: bytes)
        guard let offset = try? scanner.find(path[...], depth: 0) else { return nil }
        return self.position(of: offset, in: bytes)
    }

    /// The first syntax error, with its position, or nil when the text is one well-formed JSON value.
    static func syntaxError(in bytes: [UInt8]) -> (position: Position, message: String)? {
        var scanner = Scanner(bytes: bytes)
        do throws(Failure) {
            try scanner.skipValue(depth: 0)
            scanner.skipWhitespace()
            if scanner.offset < bytes.count {
                throw Failure(offset: scanner.offset, message: "unexpected content after the JSON value")
            }
            return nil
        } catch {
            return (self.position(of: error.offset, in: bytes), error.message)
        }
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> Position {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Position(line: line, column: column)
    }

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// A recursive-descent walk over the bytes that validates as it skips.
    struct Scanner {
        let bytes: [UInt8]
        var offset = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func skipWhitespace() {
            while self.offset < self.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(self.bytes[self.offset]) {
                self.offset += 1
            }
        }

        /// The offset of the value at `path` below the value that starts here; nil when it is absent.
        mutating func find(_ path: ArraySlice<Component>, depth: Int) throws(Failure) -> Int? {
            self.skipWhitespace()
            guard let first = path.first else { return self.offset }
            guard depth < JSONSourceLocator.maxDepth else { throw self.failure("nesting is too deep") }
            switch (first, self.peek()) {
            case (.key(let wanted), UInt8(ascii: "{")):
                self.offset += 1
                self.skipWhitespace()
                if self.peek() == UInt8(ascii: "}") { return nil }
                while true {
                    self.skipWhitespace()
                    let key = try self.readString()
                    self.skipWhitespace()
                    try self.expect(UInt8(ascii: ":"), "expected ':' after an object key")
                    if key == wanted { return try self.find(path.dropFirst(), depth: depth + 1) }
                    try self.skipValue(depth: depth + 1)
                    self.skipWhitespace()
                    guard self.peek() == UInt8(ascii: ",") else { return nil }
                    self.offset += 1
                }
            case (.index(let wanted), UInt8(ascii: "[")):
                self.offset += 1
                self.skipWhitespace()
                if self.peek() == UInt8(ascii: "]") { return nil }
                var index = 0
                while true {
                    if index == wanted { return try self.find(path.dropFirst(), depth: depth + 1) }
                    try self.skipValue(depth: depth + 1)
                    self.skipWhitespace()
                    guard self.peek() == UInt8(ascii: ",") else { return nil }
                    self.offset += 1
                    index += 1
                }
            default:
                return nil
            }
        }

        mutating func skipValue(depth: Int) throws(Failure) {
            self.skipWhitespace()
            guard depth < JSONSourceLocator.maxDepth else { throw self.failure("nesting is too deep") }
            guard let byte = self.peek() else { throw self.failure("the file ends where a value should start") }
            switch byte {
            case UInt8(ascii: "{"):
                try self.skipContainer(close: UInt8(ascii: "}"), depth: depth) {
                    (scanner: inout Scanner) throws(Failure) in
                    _ = try scanner.readString()
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"), "expected ':' after an object key")
                    try scanner.skipValue(depth: depth + 1)
                }
            case UInt8(ascii: "["):
                try self.skipContainer(close: UInt8(ascii: "]"), depth: depth) {
                    (scanner: inout Scanner) throws(Failure) in
                    try scanner.skipValue(depth: depth + 1)
                }
            case UInt8(ascii: "\""):
                _ = try self.readString()
            case UInt8(ascii: "t"): try self.literal("true")
            case UInt8(ascii: "f"): try self.literal("false")
            case UInt8(ascii: "n"): try self.literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = self.offset
                let allowed = Set("0123456789+-.eE".utf8)
                while let next = self.peek(), allowed.contains(next) { self.offset += 1 }
                if Double(String(decoding: self.bytes[start..<self.offset], as: UTF8.self)) == nil {
                    self.offset = start
                    throw self.failure("malformed number")
                }
            default:
                throw self.failure("unexpected character '\(Self.printable(byte))' where a value should start")
            }
        }

        private mutating func skipContainer(
            close: UInt8,
            depth: Int,
            member: (inout Scanner) throws(Failure) -> Void
        ) throws(Failure) {
            self.offset += 1
            self.skipWhitespace()
            if self.peek() == close {
                self.offset += 1
                return
            }
            while true {
                self.skipWhitespace()
                try member(&self)
                self.skipWhitespace()
                if self.peek() == UInt8(ascii: ",") {
                    self.offset += 1
                } else if self.peek() == close {
                    self.offset += 1
                    return
                } else {
                    throw self.failure("expected ',' or '\(Self.printable(close))'")
                }
            }
        }

        /// Reads a string, decoding escapes so keys compare as the decoder sees them.
        mutating func readString() throws(Failure) -> String {
            guard self.peek() == UInt8(ascii: "\"") else { throw self.failure("expected a string in double quotes") }
            self.offset += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            while let byte = self.peek() {
                self.offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                    raw = []
                    scalars.append(try self.readEscape())
                case 0..<0x20:
                    self.offset -= 1
                    throw self.failure("control character in a string")
                default:
                    raw.append(byte)
                }
            }
            throw self.failure("the file ends inside a string")
        }

        private mutating func readEscape() throws(Failure) -> Unicode.Scalar {
            guard let byte = self.peek() else { throw self.failure("the file ends inside an escape") }
            self.offset += 1
            let simple: [UInt8: Unicode.Scalar] = [
                UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{8}",
                UInt8(ascii: "f"): "\u{C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
            ]
            if let scalar = simple[byte] { return scalar }
            guard byte == UInt8(ascii: "u") else { throw self.failure("invalid escape '\\\(Self.printable(byte))'") }
            let high = try self.readHex4()
            if (0xD800..<0xDC00).contains(high), self.peek() == UInt8(ascii: "\\") {
                self.offset += 2
                let low = try self.readHex4()
                let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        }

        private mutating func readHex4() throws(Failure) -> UInt32 {
            guard self.offset + 4 <= self.bytes.count,
                let value = UInt32(
                    String(decoding: self.bytes[self.offset..<self.offset + 4], as: UTF8.self), radix: 16)
            else { throw self.failure("expected four hex digits after \\u") }
            self.offset += 4
            return value
        }

        private mutating func literal(_ word: String) throws(Failure) {
            let expected = Array(word.utf8)
            guard self.bytes[self.offset...].starts(with: expected) else { throw self.failure("expected '\(word)'") }
            self.offset += expected.count
        }

        private mutating func expect(_ byte: UInt8, _ message: String) throws(Failure) {
            guard self.peek() == byte else { throw self.failure(message) }
            self.offset += 1
        }

        private func peek() -> UInt8? {
            self.offset < self.bytes.count ? self.bytes[self.offset] : nil
        }

        private func failure(_ message: String) -> Failure {
            Failure(offset: self.offset, message: message)
        }

        private static func printable(_ byte: UInt8) -> String {
            (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: byte)
        }
    }
}

extension String {
    fileprivate init(format byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
