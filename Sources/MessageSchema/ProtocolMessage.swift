/// Who sends a message. Fixed by RFC 6455's two roles, so a closed enum.
public enum MessageDirection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case clientToServer = "client"
    case serverToClient = "server"
    case both = "bidirectional"

    /// True when a message with this direction may travel in `direction` (`.both` travels either way).
    public func allows(_ direction: MessageDirection) -> Bool {
        self == .both || direction == .both || self == direction
    }

    /// The same direction seen from the other side, for documents written from the client's perspective.
    public var reversed: MessageDirection {
        switch self {
        case .clientToServer: return .serverToClient
        case .serverToClient: return .clientToServer
        case .both: return .both
        }
    }

    public var description: String {
        switch self {
        case .clientToServer: return "client → server"
        case .serverToClient: return "server → client"
        case .both: return "both ways"
        }
    }
}

/// One message of a protocol: its name, who sends it, the tag that identifies it on the wire, and its schema
/// compiled once, so the judge validates every frame without recompiling.
public struct ProtocolMessage: Sendable {
    /// The wire tag when the message has one (so all formats agree on names), otherwise the definition's name.
    public var name: String
    public var direction: MessageDirection
    /// The discriminator value, e.g. `command.execute`; nil for untagged messages.
    public var tag: String?
    /// Where the payload schema was defined, as an absolute URI with a JSON Pointer fragment.
    public var schemaLocation: String
    /// The compiled payload schema.
    public var validator: JSONSchemaValidator

    public init(
        name: String, direction: MessageDirection, tag: String?, schemaLocation: String, validator: JSONSchemaValidator
    ) {
        self.name = name
        self.direction = direction
        self.tag = tag
        self.schemaLocation = schemaLocation
        self.validator = validator
    }
}

/// What an incoming message is: a known message with its schema errors (empty when valid), or unknown and why.
/// The judge turns this into a verdict; `schema validate` prints it.
public struct MessageClassification: Sendable {
    /// The matched message, or nil when none matched.
    public let message: ProtocolMessage?
    /// The tag read from the message, if it had one.
    public let tag: String?
    /// Schema errors against the matched message, or the reason nothing matched.
    public let errors: [ValidationError]

    public init(message: ProtocolMessage?, tag: String?, errors: [ValidationError]) {
        self.message = message
        self.tag = tag
        self.errors = errors
    }

    /// True when the message is known and valid.
    public var isValid: Bool { self.message != nil && self.errors.isEmpty }
}
