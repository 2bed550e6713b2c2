/// A close status code (RFC 6455 §7.4), kept as an open set so that any 16-bit value a peer sends can be
/// represented and then classified against the IANA "WebSocket Close Code Number Registry".
public struct CloseCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// How the IANA registry and RFC 6455 §7.4 allow a code to be used; the judge needs this to tell a peer
    /// that sends 1005 (never on the wire) from one that sends 3000 (a library code it may send).
    public enum Category: String, Hashable, Sendable, CaseIterable {
        /// Defined by RFC 6455 (or registered later) for endpoints to send: 1000–1003, 1007–1014.
        case sendable
        /// Reserved values an endpoint must never put in a close frame: 1004, 1005, 1006, 1015 (§7.4.1).
        case notOnWire
        /// Outside every range an endpoint may use: 0–999, 1016–2999, 5000 and above (§7.4.2).
        case invalid
        /// 3000–3999, registered with IANA for libraries, frameworks and applications (§7.4.2).
        case registered
        /// 4000–4999, for private use by agreement between the endpoints (§7.4.2).
        case privateUse
    }

    /// The code exactly as carried by the first two bytes of a close payload.
    public let rawValue: UInt16

    /// Wraps any 16-bit value; classification is done by `category`, never by refusing to construct.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Shorthand for `init(rawValue:)`, convenient in tables.
    public init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection has been fulfilled.
    public static let normalClosure = CloseCode(1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = CloseCode(1001)
    /// 1002: the endpoint saw a protocol error.
    public static let protocolError = CloseCode(1002)
    /// 1003: the endpoint received a data type it cannot accept.
    public static let unsupportedData = CloseCode(1003)
    /// 1004: reserved by RFC 6455 with no meaning yet; must not be sent.
    public static let reserved = CloseCode(1004)
    /// 1005: "no status code was present"; only for APIs, never on the wire.
    public static let noStatusReceived = CloseCode(1005)
    /// 1006: "closed abnormally without a close frame"; only for APIs, never on the wire.
    public static let abnormalClosure = CloseCode(1006)
    /// 1007: message data was inconsistent with its type (for example, invalid UTF-8 in a text message).
    public static let invalidPayloadData = CloseCode(1007)
    /// 1008: the message violated the endpoint's policy.
    public static let policyViolation = CloseCode(1008)
    /// 1009: the message was too big to process.
    public static let messageTooBig = CloseCode(1009)
    /// 1010: the client expected the server to negotiate an extension that it did not.
    public static let mandatoryExtension = CloseCode(1010)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = CloseCode(1011)
    /// 1012: the service is restarting (IANA registry).
    public static let serviceRestart = CloseCode(1012)
    /// 1013: try again later, the service is overloaded (IANA registry).
    public static let tryAgainLater = CloseCode(1013)
    /// 1014: a gateway or proxy got an invalid response from upstream (IANA registry).
    public static let badGateway = CloseCode(1014)
    /// 1015: the TLS handshake failed; only for APIs, never on the wire.
    public static let tlsHandshake = CloseCode(1015)

    /// The registry class of this code (RFC 6455 §7.4.1, §7.4.2, IANA registry).
    public var category: Category {
        switch self.rawValue {
        case 1000...1003, 1007...1014:
            return .sendable
        case 1004...1006, 1015:
            return .notOnWire
        case 3000...3999:
            return .registered
        case 4000...4999:
            return .privateUse
        default:
            return .invalid
        }
    }

    /// Whether an endpoint may put this code in a close frame; a peer that sends one where this is false
    /// has broken RFC 6455 §7.4 and should be failed with 1002.
    public var mayAppearOnWire: Bool {
        switch self.category {
        case .sendable, .registered, .privateUse:
            return true
        case .notOnWire, .invalid:
            return false
        }
    }

    /// A short name for the well-known codes, nil otherwise.
    public var name: String? {
        switch self.rawValue {
        case 1000: return "normalClosure"
        case 1001: return "goingAway"
        case 1002: return "protocolError"
        case 1003: return "unsupportedData"
        case 1004: return "reserved"
        case 1005: return "noStatusReceived"
        case 1006: return "abnormalClosure"
        case 1007: return "invalidPayloadData"
        case 1008: return "policyViolation"
        case 1009: return "messageTooBig"
        case 1010: return "mandatoryExtension"
        case 1011: return "internalError"
        case 1012: return "serviceRestart"
        case 1013: return "tryAgainLater"
        case 1014: return "badGateway"
        case 1015: return "tlsHandshake"
        default: return nil
        }
    }

    public var description: String {
        if let name = self.name {
            return "\(self.rawValue) (\(name))"
        }
        return "\(self.rawValue) (\(self.category.rawValue))"
    }

    public static func < (lhs: CloseCode, rhs: CloseCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension CloseCode: ExpressibleByIntegerLiteral {
    /// Lets tables write `1000` where a `CloseCode` is expected.
    public init(integerLiteral value: UInt16) {
        self.rawValue = value
    }
}
