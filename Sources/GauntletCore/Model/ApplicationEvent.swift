import WebSocketWire

/// What the application layer of the peer said: a whole message, a ping or a pong.
///
/// Cases state acceptable outcomes as lists of these, and the judge compares them with what arrived, exactly as
/// Autobahn|Testsuite compares its `received` list.
public enum ApplicationEvent: Hashable, Sendable {
    case text([UInt8])
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// A sync point the harness passed while the connection was still open (Autobahn's `("timeout", tag)`), so a
    /// case can tell "failed at the first bad byte" from "failed only at the end" (RFC 6455 §8.1 fail fast).
    case marker(String)

    /// A text message from a Swift string, for readable case definitions.
    public static func text(_ string: String) -> ApplicationEvent { .text(Array(string.utf8)) }

    /// The payload, whatever the kind.
    public var payload: [UInt8] {
        switch self {
        case .text(let bytes), .binary(let bytes), .ping(let bytes), .pong(let bytes): bytes
        case .marker(let tag): Array(tag.utf8)
        }
    }

    /// A short, human label such as `text(13 bytes)`, used in reasons and reports.
    public var summary: String {
        switch self {
        case .text(let bytes): "text(\(bytes.count) bytes)"
        case .binary(let bytes): "binary(\(bytes.count) bytes)"
        case .ping(let bytes): "ping(\(bytes.count) bytes)"
        case .pong(let bytes): "pong(\(bytes.count) bytes)"
        case .marker(let tag): "marker(\(tag))"
        }
    }
}

extension [ApplicationEvent] {
    /// A comma-separated summary, `[]` when empty.
    var summary: String { "[" + self.map(\.summary).joined(separator: ", ") + "]" }
}
