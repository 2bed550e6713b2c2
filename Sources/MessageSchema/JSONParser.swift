/// A strict RFC 8259 parser that keeps integers, big numbers and key order, and reports where input is wrong.
/// Nesting is bounded so hostile input (the fuzzer's and the peer's) cannot overflow the stack.
public struct JSONParser: Sendable {
    /// What to do when an object repeats a key (RFC 8259 §4 leaves the behaviour unpredictable).
    public enum DuplicateKeyPolicy: Sendable {
        /// Fail with `JSONParseError.Code.duplicateKey` at the repeated key.
        case reject
        /// Keep the last value and record the repetition in `JSONDocument.duplicateKeys`.
        case keepLast
    }

    /// Limits and policies of a parse.
    public struct Options: Sendable {
        /// The deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        public var duplicateKeys: DuplicateKeyPolicy
        /// When true, the byte offset of every value is recorded by JSON Pointer (for `file:line:column` reports).
        public var recordsPositions: Bool

        public init(maxDepth: Int = 512, duplicateKeys: DuplicateKeyPolicy = .reject, recordsPositions: Bool = false) {
            self.maxDepth = maxDepth
            self.duplicateKeys = duplicateKeys
            self.recordsPositions = recordsPositions
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses one JSON text (surrounding whitespace allowed) into a value.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        try self.parseDocument(bytes).value
    }

    /// Parses one JSON text and returns it with the diagnostics the policy chose to record.
    public func parseDocument(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONDocument {
        var state = JSONParserState(bytes: Array(bytes), options: self.options)
        let value = try state.parseRoot()
        return JSONDocument(value: value, duplicateKeys: state.duplicates, offsets: state.offsets)
    }

    /// Parses JSON text held in a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try self.parse(Array(text.utf8))
    }

    /// Parses with default options: strict, duplicate keys rejected, depth 512.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(Array(text.utf8))
    }
}

/// The cursor of one parse: input bytes, position, line bookkeeping and the containers being built.
struct JSONParserState {
    let bytes: [UInt8]
    let options: JSONParser.Options
    var position = 0
    var line = 1
    var lineStart = 0
    var depth = 0
    var duplicates: [JSONDuplicateKey] = []
    /// Keys of the objects currently open, for duplicate reports' pointers.
    var pathKeys: [String] = []
    /// Byte offset of each value by JSON Pointer text, when `recordsPositions` is on.
    var offsets: [String: Int] = [:]

    init(bytes: [UInt8], options: JSONParser.Options) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseRoot() throws(JSONParseError) -> JSONValue {
        self.skipWhitespace()
        let value = try self.parseValue()
        self.skipWhitespace()
        if self.position < self.bytes.count {
            throw self.error(.trailingContent, "unexpected content after the JSON value")
        }
        return value
    }

    func error(_ code: JSONParseError.Code, _ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = offset ?? self.position
        let (line, column) = self.lineAndColumn(of: offset)
        return JSONParseError(code: code, line: line, column: column, offset: offset, message: message)
    }

    /// Line and scalar column of `offset`; computed only when an error is raised, so the hot path stays cheap.
    func lineAndColumn(of offset: Int) -> (Int, Int) {
        var line = 1
        var start = 0
        let end = min(offset, self.bytes.count)
        for index in 0..<end where self.bytes[index] == UInt8(ascii: "\n") {
            line += 1
            start = index + 1
        }
        var column = 1
        for index in start..<end where self.bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }

    mutating func skipWhitespace() {
        while self.position < self.bytes.count {
            switch self.bytes[self.position] {
            case 0x20, 0x09, 0x0D, 0x0A: self.position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard self.position < self.bytes.count else {
            throw self.error(.unexpectedEndOfInput, "expected a JSON value, found end of input")
        }
        if self.options.recordsPositions {
            self.offsets[JSONPointer(tokens: self.pathKeys).description] = self.position
        }
        switch self.bytes[self.position] {
        case UInt8(ascii: "{"): return try self.parseObject()
        case UInt8(ascii: "["): return try self.parseArray()
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"): return try self.parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try self.parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try self.parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.parseNumber()
        default:
            throw self.error(.unexpectedCharacter, "expected a JSON value, found \(self.describeCurrent())")
        }
    }

    func describeCurrent() -> String {
        guard self.position < self.bytes.count else { return "end of input" }
        let byte = self.bytes[self.position]
        if byte >= 0x20 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let start = self.position
        let count = word.utf8CodeUnitCount
        var matches = self.position + count <= self.bytes.count
        if matches {
            let pointer = word.utf8Start
            for offset in 0..<count where self.bytes[start + offset] != pointer[offset] {
                matches = false
                break
            }
        }
        guard matches else {
            throw self.error(.invalidLiteral, "invalid literal; expected '\(word)'", at: start)
        }
        self.position += count
        return value
    }

    mutating func enterContainer() throws(JSONParseError) {
        self.depth += 1
        if self.depth > self.options.maxDepth {
            throw self.error(.tooDeep, "nesting deeper than \(self.options.maxDepth) levels")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.position += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.position < self.bytes.count && self.bytes[self.position] == UInt8(ascii: "]") {
            self.position += 1
            self.depth -= 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            self.pathKeys.append(String(elements.count))
            elements.append(try self.parseValue())
            self.pathKeys.removeLast()
            self.skipWhitespace()
            guard self.position < self.bytes.count else {
                throw self.error(.unexpectedEndOfInput, "unterminated array; expected ',' or ']'")
            }
            let byte = self.bytes[self.position]
            self.position += 1
            if byte == UInt8(ascii: "]") { break }
            if byte != UInt8(ascii: ",") {
                self.position -= 1
                throw self.error(.unexpectedCharacter, "expected ',' or ']' in array, found \(self.describeCurrent())")
            }
        }
        self.depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try self.enterContainer()
        self.position += 1
        var object = JSONObject()
        self.skipWhitespace()
        if self.position < self.bytes.count && self.bytes[self.position] == UInt8(ascii: "}") {
            self.position += 1
            self.depth -= 1
            return .object(object)
        }
        while true {
            self.skipWhitespace()
            guard self.position < self.bytes.count else {
                throw self.error(.unexpectedEndOfInput, "unterminated object; expected a key")
            }
            guard self.bytes[self.position] == UInt8(ascii: "\"") else {
                throw self.error(.unexpectedCharacter, "expected a string key, found \(self.describeCurrent())")
            }
            let keyOffset = self.position
            let key = try self.parseString()
            if object.position(of: key) != nil {
                try self.recordDuplicate(key, at: keyOffset)
            }
            self.skipWhitespace()
            guard self.position < self.bytes.count, self.bytes[self.position] == UInt8(ascii: ":") else {
                throw self.error(.unexpectedCharacter, "expected ':' after key, found \(self.describeCurrent())")
            }
            self.position += 1
            self.skipWhitespace()
            self.pathKeys.append(key)
            object[key] = try self.parseValue()
            self.pathKeys.removeLast()
            self.skipWhitespace()
            guard self.position < self.bytes.count else {
                throw self.error(.unexpectedEndOfInput, "unterminated object; expected ',' or '}'")
            }
            let byte = self.bytes[self.position]
            self.position += 1
            if byte == UInt8(ascii: "}") { break }
            if byte != UInt8(ascii: ",") {
                self.position -= 1
                throw self.error(.unexpectedCharacter, "expected ',' or '}' in object, found \(self.describeCurrent())")
            }
        }
        self.depth -= 1
        return .object(object)
    }

    mutating func recordDuplicate(_ key: String, at offset: Int) throws(JSONParseError) {
        switch self.options.duplicateKeys {
        case .reject:
            throw self.error(.duplicateKey, "duplicate key '\(key)'", at: offset)
        case .keepLast:
            let (line, column) = self.lineAndColumn(of: offset)
            let pointer = JSONPointer(tokens: self.pathKeys).description
            self.duplicates.append(JSONDuplicateKey(key: key, objectPointer: pointer, line: line, column: column))
        }
    }
}
