/// One HTTP header line, kept as written (name case, value, position), because a handshake test must be able
/// to send duplicates and odd spellings and to report exactly what a server answered (RFC 6455 §4, RFC 9110 §5).
public struct HTTPHeaderField: Hashable, Sendable, CustomStringConvertible {
    /// The field name as written; compared case-insensitively by the lookup helpers (RFC 9110 §5.1).
    public var name: String
    /// The field value, without the surrounding whitespace.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Shorthand for tables: `HTTPHeaderField("Upgrade", "websocket")`.
    public init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }

    /// Whether this field has the given name, ignoring ASCII case.
    public func hasName(_ name: String) -> Bool {
        HTTPHeaderField.asciiLowercased(self.name) == HTTPHeaderField.asciiLowercased(name)
    }

    /// The comma-separated elements of the value, trimmed and without empty items (RFC 9110 §5.6.1).
    public var listElements: [String] {
        HTTPHeaderField.listElements(of: self.value)
    }

    /// The header line as it is written on the wire, without the CRLF.
    public var description: String {
        "\(self.name): \(self.value)"
    }

    /// Splits a list-valued header value at commas, trimming optional whitespace.
    public static func listElements(of value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: true)
            .map { HTTPHeaderField.trimmed(Substring($0)) }
            .filter { !$0.isEmpty }
    }

    /// Lowercases ASCII letters only, as HTTP field names and tokens are case-insensitive in ASCII.
    static func asciiLowercased(_ text: String) -> String {
        String(
            decoding: text.utf8.map { byte in
                (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            },
            as: UTF8.self
        )
    }

    /// Removes spaces and horizontal tabs at both ends (HTTP "OWS").
    static func trimmed(_ text: Substring) -> String {
        var slice = text.utf8[...]
        while let first = slice.first, first == 0x20 || first == 0x09 {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == 0x20 || last == 0x09 {
            slice = slice.dropLast()
        }
        return String(decoding: slice, as: UTF8.self)
    }
}

extension Array where Element == HTTPHeaderField {
    /// Values of every field with `name` (case-insensitive), in order, duplicates kept.
    public func values(_ name: String) -> [String] {
        self.filter { $0.hasName(name) }.map(\.value)
    }

    /// Value of the first field with `name` (case-insensitive), if any.
    public func value(_ name: String) -> String? {
        self.first { $0.hasName(name) }?.value
    }

    /// All comma-separated elements across every field with `name`, in order (RFC 9110 §5.3 field combining).
    public func listElements(_ name: String) -> [String] {
        self.filter { $0.hasName(name) }.flatMap(\.listElements)
    }

    /// Whether any field with `name` lists `token`, ignoring ASCII case (for `Connection: keep-alive, Upgrade`).
    public func containsToken(_ token: String, in name: String) -> Bool {
        let wanted = HTTPHeaderField.asciiLowercased(token)
        return self.listElements(name).contains { HTTPHeaderField.asciiLowercased($0) == wanted }
    }
}
