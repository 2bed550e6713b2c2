/// One element of a `Sec-WebSocket-Extensions` list: an extension name and its parameters in the order sent.
/// Kept generic (not deflate-specific) so a judge can quote exactly what a peer offered or answered.
public struct ExtensionElement: Hashable, Sendable, CustomStringConvertible {
    /// The extension token, e.g. `permessage-deflate`; compared case-insensitively by callers.
    public var name: String
    /// `name=value` pairs; `value` is nil when the parameter stood alone, and unquoted when it was quoted.
    public var parameters: [(name: String, value: String?)]

    /// Creates an element from its parts.
    public init(name: String, parameters: [(name: String, value: String?)] = []) {
        self.name = name
        self.parameters = parameters
    }

    public var description: String {
        let parameters = self.parameters.map { parameter in
            parameter.value.map { "\(parameter.name)=\($0)" } ?? parameter.name
        }
        return ([self.name] + parameters).joined(separator: "; ")
    }

    public static func == (lhs: ExtensionElement, rhs: ExtensionElement) -> Bool {
        lhs.name == rhs.name && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
        for parameter in self.parameters {
            hasher.combine(parameter.name)
            hasher.combine(parameter.value)
        }
    }
}

/// Parses `Sec-WebSocket-Extensions` values (RFC 6455 §9.1): comma-separated elements, `;` parameters, tokens and
/// quoted strings. Strict, because a conformance tool must notice a peer that bends the grammar.
public enum ExtensionHeader {
    /// Parses every header line (each may hold a list) into elements, in order; empty list elements are skipped
    /// as RFC 7230 §7 asks. Throws `.malformedHeader` at the first character that breaks the grammar.
    public static func parse(_ values: [String]) throws(PerMessageDeflateError) -> [ExtensionElement] {
        var elements: [ExtensionElement] = []
        for value in values {
            var scanner = Scanner(Array(value.utf8))
            elements += try scanner.list()
        }
        return elements
    }

    /// Parses one header value.
    public static func parse(_ value: String) throws(PerMessageDeflateError) -> [ExtensionElement] {
        try self.parse([value])
    }

    /// Renders elements as one header value, quoting nothing (every value we write is a token).
    public static func render(_ elements: [ExtensionElement]) -> String {
        elements.map(\.description).joined(separator: ", ")
    }

    /// RFC 7230 §3.2.6 tchar.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A cursor over one header value.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var current: UInt8? {
            self.index < self.bytes.count ? self.bytes[self.index] : nil
        }

        mutating func skipSpace() {
            while let byte = self.current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                self.index += 1
            }
        }

        mutating func list() throws(PerMessageDeflateError) -> [ExtensionElement] {
            var elements: [ExtensionElement] = []
            while true {
                self.skipSpace()
                guard let byte = self.current else {
                    return elements
                }
                if byte == UInt8(ascii: ",") {
                    self.index += 1
                    continue
                }
                elements.append(try self.element())
                self.skipSpace()
                if let next = self.current, next != UInt8(ascii: ",") {
                    throw .malformedHeader("expected \",\" between extensions", offset: self.index)
                }
            }
        }

        mutating func element() throws(PerMessageDeflateError) -> ExtensionElement {
            var element = ExtensionElement(name: try self.token(what: "an extension name"))
            while true {
                self.skipSpace()
                guard self.current == UInt8(ascii: ";") else {
                    return element
                }
                self.index += 1
                self.skipSpace()
                let name = try self.token(what: "a parameter name")
                self.skipSpace()
                guard self.current == UInt8(ascii: "=") else {
                    element.parameters.append((name, nil))
                    continue
                }
                self.index += 1
                self.skipSpace()
                let value = self.current == UInt8(ascii: "\"") ? try self.quoted() : try self.token(what: "a value")
                element.parameters.append((name, value))
            }
        }

        mutating func token(what: String) throws(PerMessageDeflateError) -> String {
            let start = self.index
            while let byte = self.current, ExtensionHeader.isTokenCharacter(byte) {
                self.index += 1
            }
            guard self.index > start else {
                throw .malformedHeader("expected \(what)", offset: start)
            }
            return String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        }

        /// §9.1: a quoted value must still be a token once unescaped.
        mutating func quoted() throws(PerMessageDeflateError) -> String {
            let start = self.index
            self.index += 1
            var value: [UInt8] = []
            while let byte = self.current {
                self.index += 1
                if byte == UInt8(ascii: "\"") {
                    guard !value.isEmpty, value.allSatisfy(ExtensionHeader.isTokenCharacter) else {
                        throw .malformedHeader("a quoted value must be a token once unquoted", offset: start)
                    }
                    return String(decoding: value, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = self.current else {
                        break
                    }
                    self.index += 1
                    value.append(escaped)
                } else {
                    value.append(byte)
                }
            }
            throw .malformedHeader("unterminated quoted value", offset: start)
        }
    }
}
