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
    /// A message of at least `digestThreshold` octets, kept as its length and SHA-256 so that section 9's 16 MiB
    /// messages are compared without holding an expected and a received copy per case.
    case digest(PayloadDigest)

    /// A text message from a Swift string, for readable case definitions.
    public static func text(_ string: String) -> ApplicationEvent { .text(Array(string.utf8)) }

    /// Messages from this size up are compared by digest (see `canonical`).
    public static let digestThreshold = 1 << 20

    /// The form events are compared in: a text or binary message of `digestThreshold` octets or more becomes its
    /// digest; everything else is unchanged. Expected and received events both pass through it.
    public var canonical: ApplicationEvent {
        switch self {
        case .text(let bytes) where bytes.count >= Self.digestThreshold:
            .digest(PayloadDigest(isText: true, bytes))
        case .binary(let bytes) where bytes.count >= Self.digestThreshold:
            .digest(PayloadDigest(isText: false, bytes))
        default:
            self
        }
    }

    /// The payload, whatever the kind.
    public var payload: [UInt8] {
        switch self {
        case .text(let bytes), .binary(let bytes), .ping(let bytes), .pong(let bytes): bytes
        case .marker(let tag): Array(tag.utf8)
        case .digest(let digest): digest.sha256
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
        case .digest(let digest): "\(digest.isText ? "text" : "binary")(\(digest.count) bytes, digest)"
        }
    }
}

extension [ApplicationEvent] {
    /// A comma-separated summary, `[]` when empty; a long list (1000 round trips) shows its first events and a count.
    var summary: String {
        let shown = self.count > 8 ? Array(self.prefix(3)) : self
        let more = self.count > shown.count ? ", … \(self.count - shown.count) more (\(self.count) in all)" : ""
        return "[" + shown.map(\.summary).joined(separator: ", ") + more + "]"
    }
}
