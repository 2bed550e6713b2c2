import MessageSchema

/// How a scenario's `connect` authenticates: a token (usually `${env.NAME}`, so no secret sits in the file) placed
/// where the protocol's `AuthStrategy` says, or where `as:` says for strategies a definition cannot express
/// (a token smuggled in `Sec-WebSocket-Protocol`, or an auth message sent first).
///
/// Writing `auth: ${env.TOKEN}` instead of a hand-built header keeps scenarios correct when the protocol moves its
/// key from the query to a header, and tells the reporters which value to redact.
public struct ScenarioAuth: Sendable {
    /// Where the token goes.
    public enum Placement: Sendable, Hashable {
        /// `Authorization: Bearer <token>` (RFC 6750 §2.1).
        case bearer
        case query(name: String)
        case header(name: String)
        case cookie(name: String)
        /// One more `Sec-WebSocket-Protocol` entry, `prefix` + token (as Kubernetes and others do in browsers).
        case subprotocol(prefix: String)
        /// A protocol message sent right after the upgrade, with the token at the dotted `field`.
        case message(name: String, field: String)
    }

    /// The token template; resolved (and remembered as a secret) when the step runs.
    public var token: String
    public var placement: Placement

    public init(token: String, placement: Placement) {
        self.token = token
        self.placement = placement
    }

    static let keys = ["token", "as", "name", "prefix", "message", "field"]
    static let placements = ["bearer", "query", "header", "cookie", "subprotocol", "message"]

    /// Reads `auth: TOKEN` or `auth: {token, as, name, prefix, message, field}`; without `as` the protocol's
    /// strategy decides, and a protocol without one is an error that says how to name the placement.
    static func read(_ node: ScenarioNode, strategy: AuthStrategy) throws(ScenarioLoadError) -> ScenarioAuth {
        if case .string(let token) = node.value {
            return ScenarioAuth(token: token, placement: try Self.placement(for: strategy, node: node))
        }
        try node.allowKeys(Self.keys)
        let token = try node.required("token").string()
        guard let kind = try node.optional("as") else {
            return ScenarioAuth(token: token, placement: try Self.placement(for: strategy, node: node))
        }
        let name = try node.optional("name")?.string()
        let placement: Placement
        switch try kind.string() {
        case "bearer": placement = .bearer
        case "query": placement = .query(name: name ?? "token")
        case "header": placement = .header(name: name ?? "Authorization")
        case "cookie": placement = .cookie(name: name ?? "token")
        case "subprotocol": placement = .subprotocol(prefix: try node.optional("prefix")?.string() ?? "")
        case "message":
            placement = .message(
                name: try node.optional("message")?.string() ?? "authenticate",
                field: try node.optional("field")?.string() ?? "payload.token")
        case let other:
            var text = "auth 'as' must be one of \(Self.placements.joined(separator: ", ")), not '\(other)'"
            if let near = ScenarioLoadError.nearest(other, in: Self.placements) { text += "; did you mean '\(near)'?" }
            throw kind.error(text)
        }
        return ScenarioAuth(token: token, placement: placement)
    }

    private static func placement(
        for strategy: AuthStrategy, node: ScenarioNode
    ) throws(ScenarioLoadError) -> Placement {
        switch strategy {
        case .bearer: return .bearer
        case .apiKey(let name, .query): return .query(name: name)
        case .apiKey(let name, .header): return .header(name: name)
        case .apiKey(let name, .cookie): return .cookie(name: name)
        case .subprotocol(let prefix): return .subprotocol(prefix: prefix)
        case .firstMessage(let message, let field): return .message(name: message, field: field)
        case .none:
            throw node.error(
                "the protocol declares no auth strategy (or none was given with --protocol); say where the token "
                    + "goes: auth: {token: ..., as: \(Self.placements.joined(separator: " | "))}")
        }
    }
}

extension JSONValue {
    /// This value with `value` stored at the dotted `path`, creating objects on the way (`payload.token`).
    func setting(_ path: some Collection<Substring>, to value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        var object = self.objectValue ?? JSONObject()
        let inner = object[String(first)] ?? .object(JSONObject())
        let updated = inner.setting(path.dropFirst(), to: value)
        let key = String(first)
        if object[key] != nil {
            object = JSONObject(
                object.members.map { member in
                    member.key == key ? JSONObject.Member(key: key, value: updated) : member
                })
        } else {
            object = JSONObject(object.members + [JSONObject.Member(key: key, value: updated)])
        }
        return .object(object)
    }
}
