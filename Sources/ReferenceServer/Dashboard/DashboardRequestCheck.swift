import MessageSchema

/// The agent-dashboard protocol's rules for client messages (scenarios/agent-dashboard/protocol.wsapi.yaml),
/// checked before a request is served, so the reference server answers every schema-invalid request with
/// `error bad_request` instead of serving what it happens to understand.
///
/// `gauntlet fuzz` found the gaps this closes: replies that echoed an invalid request id into `reply_to`, a `pong`
/// that echoed unknown payload fields, errors that quoted a megabyte-long type past the 1024-character limit, and
/// requests with extra or mistyped fields served as if valid. Messages name the rule, never echo the input.
enum DashboardRequestCheck {
    /// The envelope every client message shares.
    static let envelope: Set<String> = ["id", "timestamp", "reply_to", "type", "payload"]

    /// Why `object` (a message of `type`) is not a valid request, or nil when it is.
    static func problem(_ object: JSONObject, type: String) -> String? {
        if let key = object.keys.first(where: { !Self.envelope.contains($0) }) {
            return key.count <= 64 ? "unknown field \"\(key)\"" : "unknown field"
        }
        guard case .string(let id)? = object["id"], Self.isID(id) else {
            return "id must be 1 to 64 letters, digits, '_' or '-'"
        }
        guard case .string? = object["timestamp"] else { return "timestamp must be a date-time string" }
        switch object["reply_to"] {
        case nil, .null?: break
        case .string(let replyTo)? where Self.isID(replyTo): break
        default: return "reply_to must be null or an id"
        }
        guard case .object(let payload)? = object["payload"] else { return "payload must be an object" }
        return Self.payloadProblem(payload, type: type)
    }

    private static func payloadProblem(_ payload: JSONObject, type: String) -> String? {
        func only(_ allowed: Set<String>) -> String? {
            payload.keys.contains { !allowed.contains($0) } ? "payload has a field \(type) does not define" : nil
        }
        func text(_ key: String, _ range: ClosedRange<Int>, optional: Bool = false, nullable: Bool = false) -> String? {
            switch payload[key] {
            case nil where optional: return nil
            case .null? where nullable: return nil
            case .string(let value)? where range.contains(value.count): return nil
            default: return "payload.\(key) must be a string of \(range.lowerBound) to \(range.upperBound) characters"
            }
        }
        switch type {
        case "authenticate":
            if let problem = only(["token", "client"]) ?? text("token", 16...4096) { return problem }
            switch payload["client"] {
            case nil, .null?: return nil
            case .object(let client)?:
                let valid =
                    Set(client.keys) == ["name", "version"]
                    && (client["name"]?.stringValue.map { $0.count <= 64 } ?? false)
                    && (client["version"]?.stringValue.map { $0.count <= 32 } ?? false)
                return valid ? nil : "payload.client needs name (at most 64) and version (at most 32)"
            default: return "payload.client must be an object or null"
            }
        case "subscribe", "unsubscribe":
            if let problem = only(["topics"]) { return problem }
            guard let topics = payload["topics"]?.arrayValue, (1...50).contains(topics.count),
                topics.allSatisfy({ $0.stringValue.map { $0.count <= 96 && DashboardSession.isTopic($0) } ?? false })
            else { return "payload.topics must list 1 to 50 topics such as \"agents\"" }
            return nil
        case "list_subscriptions":
            return only([])
        case "ping":
            return only(["nonce"]) ?? text("nonce", 0...64, optional: true, nullable: true)
        case "command.execute":
            if let problem = only(["agent_id", "command", "args", "cwd", "timeout_ms"])
                ?? text("command", 1...4096) ?? text("cwd", 0...1024, optional: true, nullable: true)
            {
                return problem
            }
            guard let agent = payload["agent_id"]?.stringValue, DashboardSession.isAgentID(agent) else {
                return "payload.agent_id must look like agent-..."
            }
            if let args = payload["args"] {
                guard let items = args.arrayValue, items.count <= 256,
                    items.allSatisfy({ $0.stringValue.map { $0.count <= 4096 } ?? false })
                else { return "payload.args must list at most 256 strings" }
            }
            if let timeout = payload["timeout_ms"] {
                guard timeout.isIntegral, let value = timeout.doubleValue, (100...600_000).contains(value) else {
                    return "payload.timeout_ms must be a whole number from 100 to 600000"
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// `^[A-Za-z0-9_-]+$`, at most 64 characters: the schema's id pattern.
    static func isID(_ text: String) -> Bool {
        (1...64).contains(text.unicodeScalars.count)
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
    }
}
