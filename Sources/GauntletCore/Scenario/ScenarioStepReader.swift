import MessageSchema

/// Reads one entry of a scenario's `steps` list: a mapping with exactly one step key (`connect`, `send`, `expect`,
/// `expect_none`, `expect_close`, `close`, `sleep`) whose body is checked key by key.
struct ScenarioStepReader {
    let node: ScenarioNode
    let defaultPath: String
    let endpoint: ProtocolEndpoint?

    static let kinds = ["connect", "send", "expect", "expect_none", "expect_close", "close", "sleep"]
    static let operators = ["equals", "regex", "exists", "one_of", "min", "max"]

    func read() throws(ScenarioLoadError) -> ScenarioStep {
        let keys = try self.node.object().keys
        guard keys.count == 1, let kind = keys.first else {
            throw self.node.error("a step is a mapping with exactly one of: \(Self.kinds.joined(separator: ", "))")
        }
        try self.node.allowKeys(Self.kinds)
        let body = self.node.child(kind)
        let location = body.location
        if kind == "sleep" {
            return ScenarioStep(client: "", action: .sleep(try body.duration()), location: location)
        }
        let client = try body.optional("client")?.string() ?? "main"
        let action: ScenarioAction
        switch kind {
        case "connect":
            try body.allowKeys(["client", "path", "query", "headers", "status", "body_contains"])
            action = .connect(
                path: try body.optional("path")?.string() ?? self.defaultPath,
                query: try body.optional("query")?.stringPairs() ?? [],
                headers: try body.optional("headers")?.stringPairs() ?? [],
                status: try body.optional("status")?.integer(),
                bodyContains: try body.optional("body_contains")?.string())
        case "send":
            action = .send(try self.payload(body))
        case "expect":
            try body.allowKeys(["client", "message", "fields", "within", "capture"])
            action = .expect(try self.match(body), within: try body.optional("within")?.duration() ?? .seconds(5))
        case "expect_none":
            try body.allowKeys(["client", "for"])
            action = .expectNone(try body.optional("for")?.duration() ?? .seconds(1))
        case "expect_close":
            try body.allowKeys(["client", "codes", "within"])
            var codes: [UInt16] = []
            for code in try body.optional("codes")?.array() ?? [] {
                let number = try code.integer()
                guard (1000...4999).contains(number) else { throw code.error("a close code is 1000-4999") }
                codes.append(UInt16(number))
            }
            action = .expectClose(codes: codes, within: try body.optional("within")?.duration() ?? .seconds(5))
        default:
            try body.allowKeys(["client", "code"])
            let code = try body.optional("code")?.integer() ?? 1000
            guard (1000...4999).contains(code) else { throw body.child("code").error("a close code is 1000-4999") }
            action = .close(code: UInt16(code))
        }
        return ScenarioStep(client: client, action: action, location: location)
    }

    private func payload(_ body: ScenarioNode) throws(ScenarioLoadError) -> ScenarioPayload {
        try body.allowKeys(["client", "message", "fields", "text", "size"])
        if let message = try body.optional("message") {
            let name = try message.string()
            if let endpoint = self.endpoint, endpoint.message(named: name) == nil {
                let names = endpoint.messages(sentBy: .clientToServer).map(\.name)
                var text = "unknown message '\(name)'"
                if let near = ScenarioLoadError.nearest(name, in: names) { text += "; did you mean '\(near)'?" }
                throw message.error(text)
            }
            let fields = try body.optional("fields")
            if let fields { _ = try fields.object() }
            return .message(name: name, fields: fields?.value ?? .object(JSONObject()))
        }
        if let text = try body.optional("text") {
            return .text(try text.string())
        }
        if let size = try body.optional("size") {
            let count = try size.integer()
            guard (0...(64 << 20)).contains(count) else { throw size.error("size must be 0 to 64 MiB") }
            return .text(String(repeating: "x", count: count))
        }
        throw body.error("send needs one of: message, text, size")
    }

    private func match(_ body: ScenarioNode) throws(ScenarioLoadError) -> MessageMatch {
        let message = try body.optional("message")?.string()
        var fields: [(path: String, condition: FieldCondition)] = []
        if let node = try body.optional("fields") {
            for member in try node.object() {
                fields.append((member.key, try self.condition(node.child(member.key))))
            }
        }
        var captures: [(name: String, path: String)] = []
        for (name, path) in try body.optional("capture")?.stringPairs() ?? [] {
            captures.append((name, path))
        }
        return MessageMatch(message: message, fields: fields, captures: captures)
    }

    /// A plain value means equals; a mapping whose keys are all operators is an operator test.
    private func condition(_ node: ScenarioNode) throws(ScenarioLoadError) -> FieldCondition {
        guard let object = node.value.objectValue, !object.isEmpty, object.keys.allSatisfy(Self.operators.contains)
        else {
            return .equals(node.value)
        }
        guard object.count == 1 || Set(object.keys) == ["min", "max"] else {
            throw node.error("use one operator per field (min and max may go together)")
        }
        if let value = object["equals"] { return .equals(value) }
        if object["regex"] != nil {
            let pattern = try node.child("regex").string()
            guard (try? Regex(pattern)) != nil else { throw node.child("regex").error("invalid regular expression") }
            return .regex(pattern)
        }
        if object["exists"] != nil {
            guard case .bool(let flag) = object["exists"] else {
                throw node.child("exists").error("exists is true or false")
            }
            return .exists(flag)
        }
        if object["one_of"] != nil {
            return .oneOf(try node.child("one_of").array().map(\.value))
        }
        let low = object["min"].flatMap(\.doubleValue)
        let high = object["max"].flatMap(\.doubleValue)
        guard low != nil || high != nil else { throw node.error("min and max must be numbers") }
        return .range(min: low, max: high)
    }
}
