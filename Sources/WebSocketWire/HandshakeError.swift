/// Why a handshake response could not be read at all (as opposed to a readable response that is not a valid
/// upgrade, which `upgradeViolations` reports). A struct wrapping a private enum, so kinds can be added later
/// without breaking callers; `detail` carries the context (the offending line, the limit).
public struct HandshakeError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case malformedStatusLine
        case malformedHeaderLine
        case headerTooLarge
        case incompleteResponse
    }

    private let kind: Kind
    /// Context for a human: the offending line (escaped and shortened), the limit, the byte count.
    public let detail: String

    private init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The response did not start with an HTTP status line such as `HTTP/1.1 101 Switching Protocols`.
    public static var malformedStatusLine: Self { .init(.malformedStatusLine, detail: "") }
    /// A header line was not `name: value` (missing colon, empty name, space before the colon, obs-fold).
    public static var malformedHeaderLine: Self { .init(.malformedHeaderLine, detail: "") }
    /// The header block grew beyond the configured maximum before its blank line arrived.
    public static var headerTooLarge: Self { .init(.headerTooLarge, detail: "") }
    /// The connection ended before the blank line that closes the header block.
    public static var incompleteResponse: Self { .init(.incompleteResponse, detail: "") }

    /// A malformed status line, quoting what was received instead.
    public static func malformedStatusLine(_ line: [UInt8]) -> Self {
        .init(.malformedStatusLine, detail: "Expected an HTTP status line, got \(Self.quoted(line)).")
    }

    /// A malformed header line, quoting it with its 1-based line number in the response.
    public static func malformedHeaderLine(_ line: [UInt8], lineNumber: Int) -> Self {
        .init(.malformedHeaderLine, detail: "Header line \(lineNumber) is not `name: value`: \(Self.quoted(line)).")
    }

    /// A header block larger than `limit` bytes.
    public static func headerTooLarge(limit: Int) -> Self {
        .init(.headerTooLarge, detail: "The response header block exceeds \(limit) bytes.")
    }

    /// End of input after `receivedBytes` bytes, before the header block was complete.
    public static func incompleteResponse(receivedBytes: Int) -> Self {
        .init(.incompleteResponse, detail: "The input ended after \(receivedBytes) bytes, inside the header block.")
    }

    /// Errors are equal when they are the same kind of failure; `detail` is context and is not compared, so
    /// `error == .headerTooLarge` reads naturally in tests and judges.
    public static func == (lhs: HandshakeError, rhs: HandshakeError) -> Bool {
        lhs.kind == rhs.kind
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.kind)
    }

    public var description: String {
        let summary: String
        switch self.kind {
        case .malformedStatusLine: summary = "Malformed HTTP status line"
        case .malformedHeaderLine: summary = "Malformed HTTP header line"
        case .headerTooLarge: summary = "HTTP response header too large"
        case .incompleteResponse: summary = "Incomplete HTTP response"
        }
        return self.detail.isEmpty ? summary : "\(summary): \(self.detail)"
    }

    /// Up to 80 bytes of `bytes`, with control and non-ASCII bytes escaped, in double quotes.
    static func quoted(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes.prefix(80) {
            switch byte {
            case 0x0D: text += "\\r"
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return "\"" + text + (bytes.count > 80 ? "…" : "") + "\""
    }
}
