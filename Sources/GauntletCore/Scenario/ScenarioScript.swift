import MessageSchema
import WebSocketWire

/// A user's scenario, loaded from YAML: named clients and the steps each performs, checked against a protocol.
///
/// It rides on a `Case` (`Case.scenario`), so the one Runner runs it through `CaseExecution` and the one Judge
/// gives it a verdict, exactly like a catalogue case.
public struct ScenarioScript: Sendable {
    public var name: String
    /// `file:line:column` of the scenario, for reports.
    public var source: String
    /// The protocol endpoint its messages belong to; nil runs the scenario without the built-in schema checks.
    public var endpoint: ProtocolEndpoint?
    public var steps: [ScenarioStep]

    public init(name: String, source: String, endpoint: ProtocolEndpoint?, steps: [ScenarioStep]) {
        self.name = name
        self.source = source
        self.endpoint = endpoint
        self.steps = steps
    }
}

/// What a `connect` asks of the opening handshake and what it expects back.
public struct ConnectSpec: Sendable {
    public var path: String
    public var query: [(String, String)] = []
    public var headers: [(String, String)] = []
    /// `Sec-WebSocket-Protocol` entries to offer, in order (RFC 6455 §4.1).
    public var subprotocols: [String] = []
    public var auth: ScenarioAuth?
    /// Nil: the server must answer 101. Otherwise it must refuse with exactly this status.
    public var status: Int?
    /// Text the refusal's body must contain.
    public var bodyContains: String?
    /// Conditions on response header values, by case-insensitive name (`exists: false` for a header that must
    /// be absent).
    public var responseHeaders: [(name: String, condition: FieldCondition)] = []

    public init(path: String) {
        self.path = path
    }
}

/// One step of a scenario, performed by the named client; `location` (`file:line:column`) points a failure at it.
public struct ScenarioStep: Sendable {
    public var client: String
    public var action: ScenarioAction
    public var location: String

    public init(client: String, action: ScenarioAction, location: String) {
        self.client = client
        self.action = action
        self.location = location
    }
}

/// What a scenario step does. Strings may hold `${env.NAME}`, `${uuid}`, `${now}` and captured `${name}` values,
/// resolved when the step runs.
public enum ScenarioAction: Sendable {
    /// Open the client's connection as `ConnectSpec` says and check the answer.
    case connect(ConnectSpec)
    /// Close the client's connection and open it again with its last `connect` parameters, `query` and `headers`
    /// overriding; captured variables carry over (e.g. `resume_from: ${last_event}`).
    case reconnect(query: [(String, String)], headers: [(String, String)])
    /// Send one message.
    case send(ScenarioPayload)
    /// Wait up to `within` for a message matching `match`; messages that do not match are skipped.
    case expect(MessageMatch, within: Duration)
    /// Wait up to `within` until every match has been met by a different message, in any order.
    case expectAll([MessageMatch], within: Duration)
    /// Nothing may arrive for `duration` (a quiet period).
    case expectNone(Duration)
    /// The server must close within `within` with one of `codes` (any code when empty); `clean` true requires the
    /// closing handshake to complete before TCP closes, false requires it not to, nil accepts either.
    case expectClose(codes: [UInt16], within: Duration, clean: Bool?)
    /// Start the closing handshake and wait for it to end.
    case close(code: UInt16)
    case sleep(Duration)
    /// Perform engine steps (frames, raw bytes, pauses, sync points) on the client's connection as they are. The
    /// fuzzer appends its input to a prelude scenario this way, so both run on one connection in one engine.
    case steps([Step])
}

/// What `send` puts on the wire.
public enum ScenarioPayload: Sendable {
    /// A protocol message by name: `fields` as given, the envelope fields it lacks (type, id, timestamp, payload)
    /// generated.
    case message(name: String, fields: JSONValue)
    case text(String)
    case binary([UInt8])
    /// Raw frames, valid or not, built with the wire layer.
    case frames([Frame])
}

/// A partial match on one received JSON message.
public struct MessageMatch: Sendable {
    /// The protocol message name (its tag) the message must have; nil matches any.
    public var message: String?
    /// Dotted paths (`payload.ok`) and the condition each must meet.
    public var fields: [(path: String, condition: FieldCondition)]
    /// Variables to set from dotted paths of the matched message.
    public var captures: [(name: String, path: String)]

    public init(
        message: String?, fields: [(path: String, condition: FieldCondition)], captures: [(name: String, path: String)]
    ) {
        self.message = message
        self.fields = fields
        self.captures = captures
    }

    /// A short human description, e.g. `ack with reply_to = "s-1"`.
    public var summary: String {
        let fields = self.fields.map { "\($0.path) \($0.condition.summary)" }.joined(separator: ", ")
        let name = self.message ?? "a message"
        return fields.isEmpty ? name : "\(name) with \(fields)"
    }
}

/// A condition on one field of a received message.
public enum FieldCondition: Sendable {
    case equals(JSONValue)
    case regex(String)
    case exists(Bool)
    case oneOf([JSONValue])
    case range(min: Double?, max: Double?)

    var summary: String {
        switch self {
        case .equals(let value): "= \(value)"
        case .regex(let pattern): "matches /\(pattern)/"
        case .exists(let flag): flag ? "exists" : "is absent"
        case .oneOf(let values): "in \(JSONValue.array(values))"
        case .range(let low, let high): "in [\(low.map { "\($0)" } ?? "-inf"), \(high.map { "\($0)" } ?? "inf")]"
        }
    }
}
