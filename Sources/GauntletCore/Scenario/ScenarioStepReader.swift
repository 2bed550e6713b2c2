import MessageSchema
import WebSocketWire

/// Reads one entry of a scenario's `steps` list: a mapping with exactly one step key (`connect`, `send`, `expect`,
/// `expect_none`, `expect_close`, `close`, `sleep`) whose body is checked key by key.
struct ScenarioStepReader {
    let node: ScenarioNode
    let defaultPath: String
    let endpoint: ProtocolEndpoint?
    var auth: AuthStrategy = .none

    static let kinds = [
        "connect", "reconnect", "send", "expect", "unordered", "expect_none", "expect_close", "close", "sleep",
        "repeat",
    ]
    /// The most steps a scenario may expand to once `repeat` is unrolled.
    static let maxSteps = 10_000
    static let operators = ["equals", "regex", "exists", "one_of", "min", "max"]

    /// The step, or the unrolled steps of a `repeat`.
    func read() throws(ScenarioLoadError) -> [ScenarioStep] {
        guard try self.node.object().keys.first == "repeat" else { return [try self.readOne()] }
        let body = self.node.child("repeat")
        try body.allowKeys(["times", "for", "rate", "steps"])
        var inner: [ScenarioStep] = []
        for child in try body.required("steps").array() {
            inner += try ScenarioStepReader(
                node: child, defaultPath: self.defaultPath, endpoint: self.endpoint, auth: self.auth
            ).read()
        }
        var count: Int
        var pause: Duration?
        if let times = try body.optional("times") {
            count = try times.integer()
        } else if let span = try body.optional("for"), let rate = try body.optional("rate") {
            guard let perSecond = rate.value.doubleValue, perSecond > 0, perSecond <= 1000 else {
                throw rate.error("rate is iterations per second, above 0 and at most 1000")
            }
            count = Int(try span.duration() / .seconds(1) * perSecond)
            pause = .milliseconds(Int(1000 / perSecond))
        } else {
            throw body.error("repeat needs times, or for and rate")
        }
        guard count >= 0, count * (inner.count + 1) <= Self.maxSteps else {
            throw body.error("repeat may expand to at most \(Self.maxSteps) steps")
        }
        var steps: [ScenarioStep] = []
        for _ in 0..<count {
            steps += inner
            if let pause { steps.append(ScenarioStep(client: "", action: .sleep(pause), location: body.location)) }
        }
        return steps
    }

    private func readOne() throws(ScenarioLoadError) -> ScenarioStep {
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
            action = .connect(try self.connect(body))
        case "reconnect":
            try body.allowKeys(["client", "query", "headers"])
            action = .reconnect(
                query: try body.optional("query")?.stringPairs() ?? [],
                headers: try body.optional("headers")?.stringPairs() ?? [])
        case "unordered":
            try body.allowKeys(["client", "expect", "within"])
            var matches: [MessageMatch] = []
            for child in try body.required("expect").array() {
                try child.allowKeys(["message", "fields", "capture"])
                matches.append(try self.match(child))
            }
            action = .expectAll(matches, within: try body.optional("within")?.duration() ?? .seconds(5))
        case "send":
            action = .send(try self.payload(body))
        case "expect" where try body.optional("none") != nil:
            // `expect: {none: 2s}` reads as a quiet period, the same step as `expect_none: {for: 2s}`.
            try body.allowKeys(["client", "none"])
            action = .expectNone(try body.child("none").duration())
        case "expect":
            try body.allowKeys(["client", "message", "fields", "within", "capture", "none"])
            action = .expect(try self.match(body), within: try body.optional("within")?.duration() ?? .seconds(5))
        case "expect_none":
            try body.allowKeys(["client", "for"])
            action = .expectNone(try body.optional("for")?.duration() ?? .seconds(1))
        case "expect_close":
            try body.allowKeys(["client", "codes", "within", "clean"])
            var clean: Bool?
            if let node = try body.optional("clean") {
                guard case .bool(let flag) = node.value else {
                    throw node.error("clean must be true or false, not \(node.plainType)")
                }
                clean = flag
            }
            var codes: [UInt16] = []
            for code in try body.optional("codes")?.array() ?? [] {
                let number = try code.integer()
                guard (1000...4999).contains(number) else { throw code.error("a close code is 1000-4999") }
                codes.append(UInt16(number))
            }
            action = .expectClose(
                codes: codes, within: try body.optional("within")?.duration() ?? .seconds(5), clean: clean)
        default:
            try body.allowKeys(["client", "code"])
            let code = try body.optional("code")?.integer() ?? 1000
            guard (1000...4999).contains(code) else { throw body.child("code").error("a close code is 1000-4999") }
            action = .close(code: UInt16(code))
        }
        return ScenarioStep(client: client, action: action, location: location)
    }

    static let connectKeys = [
        "client", "path", "query", "headers", "subprotocols", "auth", "status", "body_contains", "response_headers",
    ]

    private func connect(_ body: ScenarioNode) throws(ScenarioLoadError) -> ConnectSpec {
        try body.allowKeys(Self.connectKeys)
        var spec = ConnectSpec(path: try body.optional("path")?.string() ?? self.defaultPath)
        spec.query = try body.optional("query")?.stringPairs() ?? []
        spec.headers = try body.optional("headers")?.stringPairs() ?? []
        for item in try body.optional("subprotocols")?.array() ?? [] {
            spec.subprotocols.append(try item.string())
        }
        spec.auth = try body.optional("auth").map { node throws(ScenarioLoadError) in
            try ScenarioAuth.read(node, strategy: self.auth)
        }
        if let status = try body.optional("status") {
            let code = try status.integer()
            guard (100...599).contains(code), code != 101 else {
                throw status.error("status is the refusal's HTTP status (e.g. 401); leave it out to require 101")
            }
            spec.status = code
        }
        spec.bodyContains = try body.optional("body_contains")?.string()
        if let headers = try body.optional("response_headers") {
            for member in try headers.object() {
                spec.responseHeaders.append((member.key, try self.condition(headers.child(member.key))))
            }
        }
        return spec
    }

    private func payload(_ body: ScenarioNode) throws(ScenarioLoadError) -> ScenarioPayload {
        try body.allowKeys(["client", "message", "fields", "text", "size", "binary", "frames"])
        if let binary = try body.optional("binary") {
            return .binary(try ScenarioFrameReader.hex(binary))
        }
        if let frames = try body.optional("frames") {
            var list: [Frame] = []
            for frame in try frames.array() { list.append(try ScenarioFrameReader.frame(frame)) }
            return .frames(list)
        }
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
        throw body.error("send needs one of: message, text, size, binary, frames")
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
