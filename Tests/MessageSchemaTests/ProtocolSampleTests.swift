import Foundation
import MessageSchema
import Testing

/// The agent-dashboard sample: every format it is written in loads to the same protocol and judges traffic alike.
@Suite("The sample protocol in every format")
struct ProtocolSampleTests {
    /// The comparable parts of a protocol: everything but compiled validators and schema locations.
    struct Outline: Equatable, CustomStringConvertible {
        var title: String
        var baseURL: String?
        var auth: AuthStrategy
        var path: String
        var parameters: [ConnectionParameter]
        var tagField: String?
        var messages: [String]
        var correlation: CorrelationRule?
        var lifecycle: LifecycleRules

        init(_ value: MessageProtocol) {
            let endpoint = value.endpoints.first
            self.title = value.title
            self.baseURL = value.baseURL
            self.auth = value.auth
            self.path = endpoint?.path ?? ""
            self.parameters = endpoint?.parameters ?? []
            self.tagField = endpoint?.tagField
            self.messages = (endpoint?.messages ?? []).map { "\($0.name)|\($0.tag ?? "-")|\($0.direction.rawValue)" }
                .sorted()
            self.correlation = endpoint?.correlation
            self.lifecycle = endpoint?.lifecycle ?? LifecycleRules()
        }

        var description: String { "\(self.title) \(self.path) \(self.messages)" }
    }

    static func load(_ name: String) throws -> MessageProtocol {
        try ProtocolLoader().load(path: ProtocolFixtures.samplePath(name)).value
    }

    @Test("each format loads without errors or warnings", arguments: ProtocolFixtures.sampleFiles)
    func loadsCleanly(file: String) throws {
        let loaded = try ProtocolLoader().load(path: ProtocolFixtures.samplePath(file))
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.value.endpoints.count == 1)
    }

    @Test("all formats load to the same protocol")
    func sameModel() throws {
        let outlines = try ProtocolFixtures.sampleFiles.map { Outline(try Self.load($0)) }
        let expected = try #require(outlines.first)
        for (file, outline) in zip(ProtocolFixtures.sampleFiles, outlines) {
            #expect(outline == expected, "\(file) differs")
        }
        #expect(expected.path == "/ws/dashboard")
        #expect(expected.auth == .apiKey(name: "token", location: .query))
        #expect(
            expected.parameters.first
                == ConnectionParameter(name: "token", location: .query, type: .string, required: true))
        #expect(
            expected.parameters.contains(
                ConnectionParameter(name: "resume_from", location: .query, type: .integer, required: false)))
        #expect(expected.tagField == "type")
        #expect(
            expected.correlation == .fields(id: JSONPointer(tokens: ["id"]), reply: JSONPointer(tokens: ["reply_to"])))
        #expect(expected.lifecycle.onOpen == ["auth_result"])
        #expect(
            expected.lifecycle.keepalive
                == LifecycleRules.Keepalive(message: "ping", reply: "pong", intervalSeconds: 30))
        let endpoint = try #require(try Self.load("protocol.wsapi.yaml").endpoints.first)
        #expect(
            endpoint.messages(sentBy: .clientToServer).map(\.name).sorted() == [
                "authenticate", "command.execute", "list_subscriptions", "ping", "subscribe", "unsubscribe",
            ])
        #expect(
            endpoint.messages(sentBy: .serverToClient).map(\.name).sorted() == [
                "ack", "auth_result", "error", "event.agent_status", "event.terminal_output", "pong", "subscriptions",
            ])
    }

    @Test(
        "the YAML documents written as JSON load to the same protocol",
        arguments: ["protocol.asyncapi.yaml", "protocol.asyncapi-2.6.yaml", "protocol.wsapi.yaml"])
    func jsonVariants(file: String) throws {
        let yaml = try SourceDocument.load(path: ProtocolFixtures.samplePath(file))
        let name = file.replacingOccurrences(of: ".yaml", with: ".json")
        let directory = try ProtocolFixtures.write([name: JSONWriter.string(from: yaml.value)])
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try ProtocolLoader().load(path: directory.appendingPathComponent(name).path)
        #expect(Outline(json.value) == Outline(try Self.load(file)))
    }

    @Test("every format accepts the captured conversation", arguments: ProtocolFixtures.sampleFiles)
    func acceptsTraffic(file: String) throws {
        let endpoint = try #require(try Self.load(file).endpoints.first)
        for message in try ProtocolFixtures.traffic() {
            let verdict = endpoint.classify(message, direction: .both)
            #expect(verdict.isValid, "\(file): \(message): \(verdict.errors)")
            #expect(verdict.message?.tag == message["type"]?.stringValue)
        }
    }

    /// Broken messages, each with the instance location every format must blame.
    static let broken: [(String, MessageDirection, String)] = [
        (
            #"{"id":"c1","type":"subscribe","timestamp":"2026-01-01T00:00:00Z","payload":{"topics":[]}}"#,
            .clientToServer, "/payload/topics"
        ),
        (
            #"{"id":"c1","type":"ping","timestamp":"2026-01-01T00:00:00Z","payload":{},"extra":1}"#,
            .clientToServer, ""
        ),
        (
            #"{"id":"c1","type":"command.execute","timestamp":"2026-01-01T00:00:00Z","payload":{"agent_id":"agent-x","command":"ls","timeout_ms":5}}"#,
            .clientToServer, "/payload/timeout_ms"
        ),
        (
            #"{"id":"s1","type":"error","timestamp":"2026-01-01T00:00:00Z","payload":{"code":"oops","message":"m"}}"#,
            .serverToClient, "/payload/code"
        ),
        (
            #"{"id":"s1","type":"event.terminal_output","timestamp":"2026-01-01T00:00:00Z","payload":{"agent_id":"agent-x","stream":"stdout","seq":-1,"data":""}}"#,
            .serverToClient, "/payload/seq"
        ),
        (#"{"id":"s1","type":"mystery","timestamp":"2026-01-01T00:00:00Z","payload":{}}"#, .serverToClient, "/type"),
        (#"{"id":"c1","type":"ack","timestamp":"2026-01-01T00:00:00Z","payload":{}}"#, .clientToServer, "/type"),
        (#"{"id":"c1","timestamp":"2026-01-01T00:00:00Z","payload":{}}"#, .clientToServer, ""),
    ]

    @Test("every format rejects the same broken messages at the same place", arguments: ProtocolFixtures.sampleFiles)
    func rejectsBroken(file: String) throws {
        let endpoint = try #require(try Self.load(file).endpoints.first)
        for (text, direction, location) in Self.broken {
            let verdict = endpoint.classify(try JSONParser.parse(text), direction: direction)
            #expect(!verdict.isValid, "\(file) accepted \(text)")
            #expect(verdict.errors.map(\.instanceLocation).contains(location), "\(file): \(verdict.errors)")
        }
    }

    @Test("an unknown tag and a wrong direction are told apart")
    func unknownVersusWrongDirection() throws {
        let endpoint = try #require(try Self.load("protocol.sidecar.yaml").endpoints.first)
        let unknown = endpoint.classify(try JSONParser.parse(#"{"type":"mystery"}"#), direction: .clientToServer)
        #expect(unknown.message == nil)
        #expect(
            unknown.errors.first?.message.hasPrefix("unknown message type 'mystery'; expected one of 'authenticate'")
                == true)
        let wrong = endpoint.classify(try JSONParser.parse(#"{"type":"pong"}"#), direction: .clientToServer)
        #expect(wrong.message == nil)
        #expect(wrong.errors.first?.message == "'pong' is sent server → client, not client → server")
        let missing = endpoint.classify(["id": "x"], direction: .serverToClient)
        #expect(missing.errors.first?.message.hasPrefix("missing discriminator property 'type'") == true)
        let notObject = endpoint.classify([1, 2], direction: .both)
        #expect(notObject.errors.first?.message.contains("got array") == true)
    }

    @Test("the JSON Schema files are exactly what generate.py writes from the Pydantic models")
    func schemaFilesAreGenerated() throws {
        let text = try String(
            contentsOfFile: ProtocolFixtures.samplePath("client-messages.schema.json"), encoding: .utf8)
        let schema = try JSONParser.parse(text)
        #expect(schema["discriminator"]?["propertyName"] == "type")
        #expect(schema["oneOf"]?.arrayValue?.count == 6)
    }
}
