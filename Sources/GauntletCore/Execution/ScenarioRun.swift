import Foundation
import MessageSchema
import NIOCore
import WebSocketWire

/// Performs a scenario's steps for `CaseExecution`: one `Driver` per named client, so every connection is opened,
/// read, written and closed by the same code that runs catalogue cases, and the outcome is one `Observation`.
struct ScenarioRun {
    let execution: CaseExecution
    let script: ScenarioScript
    let start: ContinuousClock.Instant
    private let caseDeadline: ContinuousClock.Instant
    private var clients: [String: Driver] = [:]
    /// Clients in the order they first connected, so the observation is stable.
    private var order: [String] = []
    /// Per client, how many received events `expect` steps have already looked at.
    private var cursors: [String: Int] = [:]
    private var variables: ScenarioVariables
    private var record = ScenarioRecord()
    private var nextID = 1
    /// Each client's last `connect`, for `reconnect`.
    private var connections: [String: ConnectSpec] = [:]
    /// What earlier connections of a reconnected client received, so the judge still checks it.
    private var archived: [ScenarioRecord.Received] = []
    private var archivedViolations: [FrameViolation] = []

    init(execution: CaseExecution, script: ScenarioScript, start: ContinuousClock.Instant) {
        self.execution = execution
        self.script = script
        self.start = start
        self.caseDeadline = start + execution.limits.scaled(execution.limits.caseLimit)
        self.variables = ScenarioVariables(environment: ProcessInfo.processInfo.environment)
    }

    private var limits: RunLimits { self.execution.limits }

    mutating func perform() async {
        for step in self.script.steps {
            do {
                try await self.perform(step)
            } catch {
                self.fail(step, error.message)
            }
            if !self.record.failures.isEmpty { break }
        }
        for name in self.order {
            guard var driver = self.clients[name] else { continue }
            await driver.finishClosing()
            driver.connection.drop()
            self.clients[name] = driver
        }
    }

    /// The first client's observation carries the scenario record, every client's received messages and RFC
    /// violations, so the judge sees the whole run.
    func observation() -> Observation {
        var observation =
            self.order.first.flatMap { self.clients[$0]?.session.observation }
            ?? Observation(
                handshake: .rejected(nil, reasons: ["no client connected"]),
                transcript: Transcript(byteLimit: self.limits.maxTranscriptBytes))
        var record = self.record
        record.secrets = self.variables.secrets
        observation.violations += self.archivedViolations
        record.received = self.archived
        for name in self.order.dropFirst() {
            guard let other = self.clients[name]?.session.observation else { continue }
            observation.violations += other.violations
            observation.events += other.events
        }
        for name in self.order {
            for event in self.clients[name]?.session.observation.received ?? [] {
                if case .text(let bytes) = event {
                    record.received.append(.init(client: name, text: String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
        observation.scenario = record
        return observation
    }

    // MARK: Steps

    private mutating func perform(_ step: ScenarioStep) async throws(ScenarioRunError) {
        switch step.action {
        case .connect(let spec):
            try await self.connect(step, spec)
        case .reconnect(let query, let headers):
            guard var spec = self.connections[step.client] else {
                throw ScenarioRunError("client \(step.client) must connect before it can reconnect")
            }
            let names = Set(query.map(\.0))
            let headerNames = Set(headers.map { $0.0.lowercased() })
            spec.query = spec.query.filter { !names.contains($0.0) } + query
            spec.headers = spec.headers.filter { !headerNames.contains($0.0.lowercased()) } + headers
            spec.status = nil
            spec.bodyContains = nil
            spec.responseHeaders = []
            try await self.connect(step, spec)
        case .expectAll(let matches, let within):
            try await self.expectAll(step, matches, within: within)
        case .send(let payload):
            let frames = try self.frames(for: payload, client: step.client)
            try await self.withDriver(step.client) { driver in
                await driver.perform(frames.map { .send($0) })
            }
        case .expect(let match, let within):
            try await self.expect(step, match, within: within)
        case .expectNone(let duration):
            let deadline = self.deadline(after: duration)
            try await self.withDriver(step.client) { driver in
                await driver.pump(until: deadline)
            }
            let fresh = self.unread(step.client)
            if !fresh.isEmpty {
                self.fail(step, "expected no message for \(duration) but received \(fresh.joined(separator: ", "))")
            }
        case .expectClose(let codes, let within, let clean):
            let deadline = self.deadline(after: within)
            try await self.withDriver(step.client) { driver in
                while !driver.session.isFinished, ContinuousClock.now < deadline {
                    await driver.pump(until: deadline, returningOnData: true)
                }
            }
            let closing = self.clients[step.client]?.session.observation.closing
            if closing?.closeReceived != true {
                self.fail(step, "expected the server to close within \(within), but it did not")
            } else if !codes.isEmpty, !codes.contains(closing?.serverCode?.rawValue ?? 0) {
                let code = closing?.serverCode.map { String($0.rawValue) } ?? "no code"
                self.fail(step, "expected close code \(codes.map(String.init).joined(separator: " or ")), got \(code)")
            } else if let clean {
                try await self.withDriver(step.client) { driver in await driver.finishClosing() }
                let wasClean = self.clients[step.client]?.session.observation.closing.wasClean ?? false
                if wasClean != clean {
                    self.fail(
                        step,
                        clean
                            ? "expected a clean close (both close frames, then TCP closed), but it was not clean"
                            : "expected an unclean close, but the closing handshake completed")
                }
            }
        case .close(let code):
            try await self.withDriver(step.client) { driver in
                await driver.perform([.closeAfter(.zero, code: CloseCode(rawValue: code))])
                await driver.finishClosing()
            }
        case .sleep(let duration):
            try? await Task.sleep(for: self.limits.scaled(duration))
        case .steps(let steps):
            try await self.withDriver(step.client) { driver in
                await driver.perform(steps)
            }
        }
    }

    private mutating func connect(_ step: ScenarioStep, _ spec: ConnectSpec) async throws(ScenarioRunError) {
        var query = spec.query
        var headers = spec.headers
        var subprotocols = spec.subprotocols
        var token: String?
        if let auth = spec.auth {
            let value = try self.variables.resolve(auth.token)
            self.variables.rememberSecret(value)
            token = value
            switch auth.placement {
            case .bearer: headers.append(("Authorization", "Bearer \(value)"))
            case .query(let name): query.append((name, value))
            case .header(let name): headers.append((name, value))
            case .cookie(let name): headers.append(("Cookie", "\(name)=\(value)"))
            case .subprotocol(let prefix): subprotocols.append(prefix + value)
            case .message: break
            }
        }
        var resource = try self.variables.resolve(spec.path)
        var pairs: [String] = []
        for (name, value) in query {
            pairs.append(Self.encode(name) + "=" + Self.encode(try self.variables.resolve(value)))
        }
        if !pairs.isEmpty { resource += (resource.contains("?") ? "&" : "?") + pairs.joined(separator: "&") }
        var changes: [HandshakeSpec.Change] = [.target(resource)]
        for (name, value) in headers { changes.append(.setHeader(name, try self.variables.resolve(value))) }
        if !subprotocols.isEmpty {
            var offered: [String] = []
            for name in subprotocols { offered.append(try self.variables.resolve(name)) }
            changes.append(.setHeader("Sec-WebSocket-Protocol", offered.joined(separator: ", ")))
        }
        var target = self.execution.target
        target.resource = resource
        var testCase = self.execution.testCase
        testCase.scenario = nil
        testCase.steps = []
        testCase.outcomes = []
        testCase.handshake = HandshakeSpec(changes: changes)
        self.connections[step.client] = spec
        if var old = self.clients[step.client] {
            await old.finishClosing()
            old.connection.drop()
            for event in old.session.observation.received {
                if case .text(let bytes) = event {
                    self.archived.append(.init(client: step.client, text: String(decoding: bytes, as: UTF8.self)))
                }
            }
            self.archivedViolations += old.session.observation.violations
        }
        let connection: Connection
        do {
            connection = try await Connection.open(
                to: target, timeout: self.limits.scaled(self.limits.connect),
                inboundByteLimit: self.limits.maxFrameSize + self.limits.maxHandshakeBytes,
                group: self.execution.eventLoop)
        } catch {
            throw ScenarioRunError("could not connect to \(target): \(error)")
        }
        var driver = Driver(
            connection: connection,
            session: WireSession(
                observation: Observation(
                    handshake: .rejected(nil, reasons: ["not attempted"]),
                    transcript: Transcript(byteLimit: self.limits.maxTranscriptBytes)),
                maxFrameSize: self.limits.maxFrameSize, maxMessageSize: self.limits.maxMessageSize),
            testCase: testCase, limits: self.limits, start: self.start, caseDeadline: self.caseDeadline)
        let upgraded = await driver.openingHandshake(target: target)
        if !self.order.contains(step.client) { self.order.append(step.client) }
        self.clients[step.client] = driver
        self.cursors[step.client] = 0
        var response: HandshakeResponse?
        var why = ""
        switch driver.session.observation.handshake {
        case .upgraded(let answer): response = answer
        case .rejected(let answer, let reasons):
            response = answer
            why = reasons.joined(separator: "; ")
        case .unreachable(let reason):
            why = reason
        }
        let got = response.map { "\($0.statusCode) \($0.reasonPhrase)" } ?? "no HTTP answer (\(why))"
        if let status = spec.status {
            if upgraded || response?.statusCode != status {
                self.fail(step, "expected the handshake to be refused with \(status) but got \(got)")
                return
            } else if let body = spec.bodyContains, let response,
                !String(decoding: response.body, as: UTF8.self).contains(body)
            {
                self.fail(step, "the \(status) answer's body does not contain \"\(body)\"")
                return
            }
        } else if !upgraded {
            self.fail(step, "expected 101 Switching Protocols but got \(got)")
            return
        }
        for (name, condition) in spec.responseHeaders {
            let value = response?.value(name).map { JSONValue.string($0) }
            if let problem = condition.mismatch(value, variables: &self.variables) {
                self.fail(step, "response header \(name) \(problem)")
                return
            }
        }
        if let auth = spec.auth, case .message(let name, let field) = auth.placement, let token {
            let fields = JSONValue.object(JSONObject()).setting(field.split(separator: "."), to: .string(token))
            let frames = try self.frames(for: .message(name: name, fields: fields), client: step.client)
            try await self.withDriver(step.client) { driver in
                await driver.perform(frames.map { .send($0) })
            }
        }
    }

    private mutating func expect(
        _ step: ScenarioStep, _ match: MessageMatch, within: Duration
    ) async throws(ScenarioRunError) {
        let deadline = self.deadline(after: within)
        var skipped: [String] = []
        let tagField = self.script.endpoint?.tagField
        while true {
            guard let driver = self.clients[step.client] else {
                throw ScenarioRunError("client \(step.client) has not connected")
            }
            let received = driver.session.observation.received
            var cursor = self.cursors[step.client] ?? 0
            while cursor < received.count {
                let event = received[cursor]
                cursor += 1
                self.cursors[step.client] = cursor
                guard case .text(let bytes) = event else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                guard let value = try? JSONParser().parse(bytes) else {
                    skipped.append("non-JSON text \(text.prefix(60))")
                    continue
                }
                if let reason = match.mismatch(value, tagField: tagField, variables: &self.variables) {
                    skipped.append("\(value.value(at: tagField ?? "type")?.stringValue ?? "message") (\(reason))")
                    continue
                }
                for (name, path) in match.captures {
                    self.variables.captured[name] = value.value(at: path) ?? .null
                }
                return
            }
            if driver.session.isFinished || ContinuousClock.now >= deadline {
                let why = driver.session.isFinished ? "before the connection ended" : "within \(within)"
                let seen = skipped.isEmpty ? "nothing" : skipped.joined(separator: "; ")
                self.fail(step, "expected \(match.summary) \(why); received \(seen)")
                return
            }
            try await self.withDriver(step.client) { driver in
                await driver.pump(until: deadline, returningOnData: true)
            }
        }
    }

    /// Like `expect`, for several matches met in any order, each by its own message.
    private mutating func expectAll(
        _ step: ScenarioStep, _ matches: [MessageMatch], within: Duration
    ) async throws(ScenarioRunError) {
        let deadline = self.deadline(after: within)
        var pending = matches
        let tagField = self.script.endpoint?.tagField
        while !pending.isEmpty {
            guard let driver = self.clients[step.client] else {
                throw ScenarioRunError("client \(step.client) has not connected")
            }
            let received = driver.session.observation.received
            var cursor = self.cursors[step.client] ?? 0
            while cursor < received.count, !pending.isEmpty {
                defer { cursor += 1 }
                guard case .text(let bytes) = received[cursor], let value = try? JSONParser().parse(bytes) else {
                    continue
                }
                guard
                    let index = pending.firstIndex(where: {
                        $0.mismatch(value, tagField: tagField, variables: &self.variables) == nil
                    })
                else { continue }
                for (name, path) in pending[index].captures {
                    self.variables.captured[name] = value.value(at: path) ?? .null
                }
                pending.remove(at: index)
            }
            self.cursors[step.client] = cursor
            guard !pending.isEmpty else { return }
            if driver.session.isFinished || ContinuousClock.now >= deadline {
                let missing = pending.map(\.summary).joined(separator: "; ")
                self.fail(step, "expected, in any order, \(missing) within \(within); they did not arrive")
                return
            }
            try await self.withDriver(step.client) { driver in
                await driver.pump(until: deadline, returningOnData: true)
            }
        }
    }

    // MARK: Helpers

    /// What arrived after the client's cursor, except lifecycle and keepalive messages (the protocol's on-open
    /// messages, its keepalive and reply), which a server may send at any moment and so never break a quiet period.
    private func unread(_ client: String) -> [String] {
        let received = self.clients[client]?.session.observation.received ?? []
        let cursor = self.cursors[client] ?? 0
        return received.dropFirst(cursor).compactMap { event in
            switch event {
            case .text(let bytes) where self.isLifecycle(bytes): nil
            case .text(let bytes): String(decoding: bytes.prefix(120), as: UTF8.self)
            case .binary, .digest: event.summary
            default: nil
            }
        }
    }

    private func isLifecycle(_ bytes: [UInt8]) -> Bool {
        guard let endpoint = self.script.endpoint, let tagField = endpoint.tagField,
            let tag = (try? JSONParser().parse(bytes))?.value(at: tagField)?.stringValue
        else { return false }
        let lifecycle = endpoint.lifecycle
        let names = lifecycle.onOpen + [lifecycle.keepalive?.message, lifecycle.keepalive?.reply].compactMap { $0 }
        return names.contains { (endpoint.message(named: $0)?.tag ?? $0) == tag }
    }

    private mutating func frames(for payload: ScenarioPayload, client: String) throws(ScenarioRunError) -> [Frame] {
        switch payload {
        case .text(let text):
            let bytes = Array(try self.variables.resolve(text).utf8)
            // Raw JSON still counts for correlation: a reply to its id is not a stray reply.
            if let id = (try? JSONParser().parse(bytes))?.value(at: "id")?.stringValue {
                self.record.sentIDs[client, default: []].insert(id)
            }
            return [.client(.text, payload: bytes)]
        case .binary(let bytes):
            return [.client(.binary, payload: bytes)]
        case .frames(let frames):
            // A JSON request split over text and continuation frames still counts for correlation.
            let data = frames.filter { $0.opcode == .text || $0.opcode == .continuation }.flatMap(\.payload)
            if let id = (try? JSONParser().parse(data))?.value(at: "id")?.stringValue {
                self.record.sentIDs[client, default: []].insert(id)
            }
            return frames
        case .message(let name, let fields):
            let value = try self.envelope(name, try self.variables.resolve(fields))
            if let id = value.value(at: "id")?.stringValue {
                self.record.sentIDs[client, default: []].insert(id)
            }
            return [.client(.text, payload: JSONWriter.bytes(from: value))]
        }
    }

    /// The message as the scenario gave it, with the tag set and every required field it left out generated from
    /// the message's schema, so a scenario names only the fields it cares about. A generated `id` becomes `g-N`,
    /// unique within the run, so replies correlate and a failure's transcript reads plainly.
    private mutating func envelope(_ name: String, _ fields: JSONValue) throws(ScenarioRunError) -> JSONValue {
        var object = fields.objectValue ?? JSONObject()
        let message = self.script.endpoint?.message(named: name)
        let tagField = self.script.endpoint?.tagField ?? "type"
        if object[tagField] == nil {
            object = JSONObject([.init(key: tagField, value: .string(message?.tag ?? name))] + object.members)
        }
        let givenID = object["id"] != nil
        guard let message else { return .object(object) }
        var random = SystemRandomNumberGenerator()
        var completed = message.instanceGenerator().complete(.object(object), using: &random)
        if !givenID, case .object(var members) = completed, members["id"] != nil {
            members["id"] = .string("g-\(self.nextID)")
            self.nextID += 1
            completed = .object(members)
        }
        return completed
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private mutating func withDriver(
        _ client: String, _ body: (inout Driver) async -> Void
    ) async throws(ScenarioRunError) {
        guard var driver = self.clients[client] else {
            throw ScenarioRunError("client \(client) has not connected; add a connect step for it first")
        }
        await body(&driver)
        self.clients[client] = driver
    }

    private mutating func fail(_ step: ScenarioStep, _ message: String) {
        // Values from the environment are secrets: a reason that quotes one must not carry it into a report.
        let redacted = self.variables.secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
        self.record.failures.append(.init(location: step.location, client: step.client, message: redacted))
    }

    private func deadline(after duration: Duration) -> ContinuousClock.Instant {
        min(ContinuousClock.now + self.limits.scaled(duration), self.caseDeadline)
    }
}
