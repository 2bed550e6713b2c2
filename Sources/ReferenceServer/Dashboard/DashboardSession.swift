import Foundation
import MessageSchema

/// The agent-dashboard protocol for one connection, as a plain state machine: a text message goes in, replies and
/// broadcasts come out. Keeping NIO out of it lets the protocol rules be read and tested on their own.
struct DashboardSession {
    /// What the connection must do with one inbound message, in order.
    enum Output: Equatable {
        /// Send this message to this client.
        case reply(JSONValue)
        /// Send this event to every dashboard subscribed to any of `topics`.
        case publish(topics: Set<String>, JSONValue)
        /// Send this client the logged events after event `after` on `topics` (resuming with `resume_from`).
        case replay(after: Int, topics: [String])
        /// Close the connection with 1011 (only under `.errorClosesConnection`).
        case close
    }

    private let faults: Set<ServerFault>
    private let token: String
    private(set) var isAuthenticated: Bool
    /// Subscribed topics in the order they were added, so `subscriptions` lists them stably.
    private(set) var topics: [String] = []
    private var nextID = 1
    private var nextExecution = 1
    /// The `resume_from` of the handshake: the first subscribe replays the events after it.
    private var resumeFrom: Int?

    /// A session whose handshake carried `queryToken` (nil when absent).
    init(queryToken: String?, expectedToken: String, faults: Set<ServerFault>, resumeFrom: Int? = nil) {
        self.faults = faults
        self.resumeFrom = resumeFrom
        self.token = expectedToken
        self.isAuthenticated = queryToken == expectedToken
    }

    /// The lifecycle's `onOpen` message: the outcome of the handshake's token.
    mutating func opened() -> [Output] {
        [.reply(self.message("auth_result", replyTo: nil, payload: self.authPayload(ok: self.isAuthenticated)))]
    }

    /// Handles one text message from the client.
    mutating func receive(_ text: [UInt8]) -> [Output] {
        guard let value = try? JSONParser().parse(text), let object = value.objectValue else {
            return self.error("bad_request", "the message is not a JSON object", replyTo: nil)
        }
        // An id that breaks the schema's pattern must not travel back in reply_to, where it would break it too.
        let id = object["id"]?.stringValue.flatMap { DashboardRequestCheck.isID($0) ? $0 : nil }
        guard let type = object["type"]?.stringValue else {
            return self.error("bad_request", "the message has no string field \"type\"", replyTo: id)
        }
        guard let id, !id.isEmpty else {
            return self.error("bad_request", "the message has no valid string field \"id\"", replyTo: nil)
        }
        let known = ["authenticate", "ping", "subscribe", "unsubscribe", "list_subscriptions", "command.execute"]
        guard known.contains(type) else {
            let shown = type.count <= 64 ? type : String(type.prefix(64)) + "..."
            return self.error("bad_request", "unknown message type \(shown)", replyTo: id)
        }
        if let problem = DashboardRequestCheck.problem(object, type: type) {
            return self.error("bad_request", problem, replyTo: id)
        }
        let payload = object["payload"]?.objectValue ?? JSONObject()
        if type == "ping" {
            let pong = self.faults.contains(.unknownMessageType) ? "pong_v2" : "pong"
            return [.reply(self.message(pong, replyTo: id, payload: .object(payload)))]
        }
        if type == "authenticate" {
            self.isAuthenticated = payload["token"]?.stringValue == self.token
            return [
                .reply(self.message("auth_result", replyTo: id, payload: self.authPayload(ok: self.isAuthenticated)))
            ]
        }
        guard self.isAuthenticated || self.faults.contains(.noAuthCheck) else {
            return self.error("unauthorized", "authenticate before \(type)", replyTo: id)
        }
        switch type {
        case "subscribe", "unsubscribe":
            return self.changeTopics(subscribe: type == "subscribe", payload, replyTo: id)
        case "list_subscriptions":
            let topics = JSONValue.array(self.topics.map { .string($0) })
            return [.reply(self.message("subscriptions", replyTo: id, payload: ["topics": topics]))]
        default:
            return self.execute(payload, replyTo: id)
        }
    }

    // MARK: Requests

    private mutating func changeTopics(subscribe: Bool, _ payload: JSONObject, replyTo id: String) -> [Output] {
        let topics = payload["topics"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !topics.isEmpty, topics.allSatisfy(Self.isTopic) else {
            return self.error("bad_request", "payload.topics must list topics such as \"agents\"", replyTo: id)
        }
        if subscribe {
            for topic in topics where !self.topics.contains(topic) {
                self.topics.append(topic)
            }
        } else {
            if let missing = topics.first(where: { !self.topics.contains($0) }) {
                return self.error("not_found", "not subscribed to \(missing)", replyTo: id)
            }
            self.topics.removeAll { topics.contains($0) }
        }
        var outputs: [Output] = [.reply(self.message("ack", replyTo: id, payload: [:]))]
        if subscribe, let after = self.resumeFrom {
            self.resumeFrom = nil
            outputs.append(.replay(after: after, topics: topics))
        }
        return outputs
    }

    /// `command.execute`: an ack with an execution id, the agent goes `running` (broadcast), three lines of terminal
    /// output to the caller in `seq` order, then the agent goes `idle` (broadcast).
    private mutating func execute(_ payload: JSONObject, replyTo id: String) -> [Output] {
        guard let agent = payload["agent_id"]?.stringValue, Self.isAgentID(agent),
            let command = payload["command"]?.stringValue, !command.isEmpty
        else {
            return self.error("bad_request", "command.execute needs agent_id (agent-...) and command", replyTo: id)
        }
        let execution = "exec-\(self.nextExecution)"
        self.nextExecution += 1
        var outputs: [Output] = [
            .reply(self.message("ack", replyTo: id, payload: ["execution_id": .string(execution)]))
        ]
        outputs.append(self.status(agent, "running", task: command))
        for (seq, line) in ["$ \(command)", "working", "done"].enumerated() {
            let event: JSONValue = [
                "agent_id": .string(agent), "execution_id": .string(execution), "stream": "stdout",
                "seq": .integer(seq), "data": .string(line + "\n"),
            ]
            outputs.append(.reply(self.message("event.terminal_output", replyTo: nil, payload: event)))
        }
        outputs.append(self.status(agent, "idle", task: nil))
        return outputs
    }

    private mutating func status(_ agent: String, _ status: String, task: String?) -> Output {
        let shown = self.faults.contains(.schemaInvalidEvent) ? "busy" : status
        let payload: JSONValue = [
            "agent_id": .string(agent), "status": .string(shown), "task": task.map { .string($0) } ?? .null,
            "updated_at": .string(Self.now()),
        ]
        return .publish(
            topics: ["agents", agent + ".status"], self.message("event.agent_status", replyTo: nil, payload: payload))
    }

    // MARK: Messages

    private mutating func error(_ code: String, _ text: String, replyTo: String?) -> [Output] {
        let payload: JSONValue = ["code": .string(code), "message": .string(text)]
        let reply = Output.reply(self.message("error", replyTo: replyTo, payload: payload))
        return self.faults.contains(.errorClosesConnection) ? [reply, .close] : [reply]
    }

    private func authPayload(ok: Bool) -> JSONValue {
        ok
            ? ["ok": true, "user": ["id": "u-1", "name": "Gauntlet"]]
            : ["ok": false, "reason": "invalid or missing token"]
    }

    /// An envelope as the protocol defines it: id, type, timestamp, reply_to when answering, and the payload.
    private mutating func message(_ type: String, replyTo: String?, payload: JSONValue) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "id", value: .string("srv-\(self.nextID)")),
            .init(key: "type", value: .string(type)),
            .init(key: "timestamp", value: .string(Self.now())),
        ]
        self.nextID += 1
        if let replyTo, !self.faults.contains(.missingReplyTo) {
            members.append(.init(key: "reply_to", value: .string(replyTo)))
        }
        members.append(.init(key: "payload", value: payload))
        return .object(JSONObject(members))
    }

    private static func now() -> String {
        Date().formatted(.iso8601)
    }

    /// `^(agents|agent-[a-z0-9-]+\.(status|terminal))$`, the schema's topic pattern.
    static func isTopic(_ topic: String) -> Bool {
        if topic == "agents" { return true }
        for suffix in [".status", ".terminal"] where topic.hasSuffix(suffix) {
            return Self.isAgentID(String(topic.dropLast(suffix.count)))
        }
        return false
    }

    /// `^agent-[a-z0-9-]+$`.
    static func isAgentID(_ id: String) -> Bool {
        guard id.hasPrefix("agent-"), id.count > 6, id.count <= 64 else { return false }
        return id.dropFirst(6).allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
