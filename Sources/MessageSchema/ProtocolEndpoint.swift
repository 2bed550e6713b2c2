/// One WebSocket endpoint of a protocol: its path, connection parameters, messages, and the conversation rules
/// around them (correlation, lifecycle). Classification lives here because message sets are per endpoint.
public struct ProtocolEndpoint: Sendable {
    /// The request path, e.g. `/ws/dashboard`.
    public var path: String
    public var parameters: [ConnectionParameter]
    public var messages: [ProtocolMessage]
    /// The top-level property whose value names the message (`type` in most protocols); nil when untagged.
    public var tagField: String?
    public var correlation: CorrelationRule?
    public var lifecycle: LifecycleRules

    public init(
        path: String, parameters: [ConnectionParameter] = [], messages: [ProtocolMessage], tagField: String?,
        correlation: CorrelationRule? = nil, lifecycle: LifecycleRules = LifecycleRules()
    ) {
        self.path = path
        self.parameters = parameters
        self.messages = messages
        self.tagField = tagField
        self.correlation = correlation
        self.lifecycle = lifecycle
    }

    /// The messages that may travel in `direction`, in definition order.
    public func messages(sentBy direction: MessageDirection) -> [ProtocolMessage] {
        self.messages.filter { $0.direction.allows(direction) }
    }

    /// The message named `name` (or tagged `name`).
    public func message(named name: String) -> ProtocolMessage? {
        self.messages.first { $0.name == name } ?? self.messages.first { $0.tag == name }
    }

    /// Says which message `value` is when sent in `direction` (`.both`: either way) and checks it against its schema.
    public func classify(_ value: JSONValue, direction: MessageDirection) -> MessageClassification {
        guard let tagField = self.tagField else {
            return self.classifyUntagged(value, candidates: self.messages(sentBy: direction))
        }
        var expected: String {
            self.messages(sentBy: direction).compactMap(\.tag).map { "'\($0)'" }.joined(separator: ", ")
        }
        guard case .object(let object) = value else {
            return Self.unknown(nil, "", "expected a JSON object with a '\(tagField)' member, got \(value.typeName)")
        }
        guard let tagValue = object[tagField] else {
            return Self.unknown(nil, "", "missing discriminator property '\(tagField)'; expected one of \(expected)")
        }
        let pointer = JSONPointer(tokens: [tagField]).description
        guard case .string(let tag) = tagValue else {
            return Self.unknown(nil, pointer, "'\(tagField)' must be a string, got \(tagValue.typeName)")
        }
        if let message = self.messages.first(where: { $0.tag == tag && $0.direction.allows(direction) }) {
            return MessageClassification(message: message, tag: tag, errors: message.validator.validate(value).errors)
        }
        if let other = self.messages.first(where: { $0.tag == tag }) {
            return Self.unknown(tag, pointer, "'\(tag)' is sent \(other.direction), not \(direction)")
        }
        return Self.unknown(tag, pointer, "unknown message type '\(tag)'; expected one of \(expected)")
    }

    private func classifyUntagged(_ value: JSONValue, candidates: [ProtocolMessage]) -> MessageClassification {
        if candidates.count == 1, let only = candidates.first {
            return MessageClassification(message: only, tag: nil, errors: only.validator.validate(value).errors)
        }
        if let match = candidates.first(where: { $0.validator.isValid(value) }) {
            return MessageClassification(message: match, tag: nil, errors: [])
        }
        let names = candidates.map { "'\($0.name)'" }.joined(separator: ", ")
        return Self.unknown(nil, "", "the message matches none of \(names)")
    }

    private static func unknown(_ tag: String?, _ pointer: String, _ message: String) -> MessageClassification {
        let error = ValidationError(
            instanceLocation: pointer, keywordLocation: "", absoluteKeywordLocation: "", keyword: "discriminator",
            message: message)
        return MessageClassification(message: nil, tag: tag, errors: [error])
    }
}

/// How a reply names the request it answers. Either two payload fields (`id` on every message, `reply_to` on
/// replies), or, when a document says so in a form we cannot reduce to fields, AsyncAPI's runtime expression.
public enum CorrelationRule: Sendable, Hashable, CustomStringConvertible {
    /// The request's id at `id`, echoed by replies at `reply` (JSON Pointers into the message).
    case fields(id: JSONPointer, reply: JSONPointer)
    /// An AsyncAPI `correlationId.location` such as `$message.header#/correlation`, kept verbatim.
    case expression(String)

    public var description: String {
        switch self {
        case .fields(let id, let reply): return "id at \(id), reply at \(reply)"
        case .expression(let text): return "runtime expression \(text)"
        }
    }

    /// Reads AsyncAPI runtime expressions: `$message.payload#/a/b` becomes a pointer; anything else is nil.
    public static func payloadPointer(_ expression: String) -> JSONPointer? {
        let prefix = "$message.payload#"
        guard expression.hasPrefix(prefix) else { return nil }
        return JSONPointer(String(expression.dropFirst(prefix.count)))
    }
}

/// What happens around the conversation: what the server sends on open, the keepalive exchange, and what the
/// server sends before it closes. Scenarios and the judge check these without the user restating them.
public struct LifecycleRules: Sendable, Hashable {
    /// A keepalive exchange: `message` is sent every `intervalSeconds`, and `reply` answers it.
    public struct Keepalive: Sendable, Hashable {
        public var message: String
        public var reply: String?
        public var intervalSeconds: Double?

        public init(message: String, reply: String?, intervalSeconds: Double?) {
            self.message = message
            self.reply = reply
            self.intervalSeconds = intervalSeconds
        }
    }

    /// Message names the server sends right after the handshake.
    public var onOpen: [String]
    public var keepalive: Keepalive?
    /// Message names the server sends before its Close frame.
    public var beforeClose: [String]

    public init(onOpen: [String] = [], keepalive: Keepalive? = nil, beforeClose: [String] = []) {
        self.onOpen = onOpen
        self.keepalive = keepalive
        self.beforeClose = beforeClose
    }

    /// True when no rule is set.
    public var isEmpty: Bool { self.onOpen.isEmpty && self.keepalive == nil && self.beforeClose.isEmpty }
}
