/// A JSON syntax error with the line and column where it happened, so users can jump to `file:line:column`.
/// The code is an open set of values (a struct with static members), so new checks do not break callers.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable value.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        public init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        public static let unexpectedEndOfInput = Code("unexpectedEndOfInput")
        public static let unexpectedCharacter = Code("unexpectedCharacter")
        public static let invalidLiteral = Code("invalidLiteral")
        public static let invalidNumber = Code("invalidNumber")
        public static let numberOutOfRange = Code("numberOutOfRange")
        public static let invalidEscape = Code("invalidEscape")
        public static let loneSurrogate = Code("loneSurrogate")
        public static let controlCharacterInString = Code("controlCharacterInString")
        public static let invalidUTF8 = Code("invalidUTF8")
        public static let duplicateKey = Code("duplicateKey")
        public static let tooDeep = Code("tooDeep")
        public static let trailingContent = Code("trailingContent")
    }

    public let code: Code
    /// 1-based line number (lines end at `\n`).
    public let line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public let column: Int
    /// 0-based byte offset into the input.
    public let offset: Int
    /// A readable explanation.
    public let message: String

    public init(code: Code, line: Int, column: Int, offset: Int, message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(self.line):\(self.column): \(self.message)" }
}

/// A duplicate key found while parsing with `DuplicateKeyPolicy.keepLast`; the judge reports it even when it accepts.
public struct JSONDuplicateKey: Sendable, Equatable {
    /// The repeated key.
    public let key: String
    /// JSON Pointer of the object holding the key.
    public let objectPointer: String
    public let line: Int
    public let column: Int

    public init(key: String, objectPointer: String, line: Int, column: Int) {
        self.key = key
        self.objectPointer = objectPointer
        self.line = line
        self.column = column
    }
}

/// The result of a parse that records diagnostics instead of failing on them.
public struct JSONDocument: Sendable {
    public let value: JSONValue
    /// Every repeated key, in input order (empty unless duplicates were allowed).
    public let duplicateKeys: [JSONDuplicateKey]
    /// Byte offset of every value by JSON Pointer text (empty unless `recordsPositions` was on).
    public let offsets: [String: Int]

    public init(value: JSONValue, duplicateKeys: [JSONDuplicateKey], offsets: [String: Int] = [:]) {
        self.value = value
        self.duplicateKeys = duplicateKeys
        self.offsets = offsets
    }
}
