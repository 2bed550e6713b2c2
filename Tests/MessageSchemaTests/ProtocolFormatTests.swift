import Foundation
import MessageSchema
import Testing

/// Format-specific loading: Pydantic output and its sidecar, AsyncAPI 2.x/3.0 details, and YAML scalars.
@Suite("Protocol formats")
struct ProtocolFormatTests {
    static let sidecar = """
        title: Pydantic
        jsonSchema: {client: client.json, server: server.json}
        endpoint: {path: /ws}
        """

    /// Pydantic `json_schema(ref_template="#/components/schemas/{model}")`: refs point there, schemas stay in `$defs`.
    static let rewrittenRefs = """
        {
          "oneOf": [{"$ref": "#/components/schemas/Ping"}, {"$ref": "#/components/schemas/Pong"}],
          "discriminator": {"propertyName": "type",
            "mapping": {"ping": "#/components/schemas/Ping", "pong": "#/components/schemas/Pong"}},
          "$defs": {
            "Ping": {"type": "object", "properties": {"type": {"const": "ping"}}, "required": ["type"]},
            "Pong": {"type": "object", "properties": {"type": {"const": "pong"}, "n": {"type": "integer"}},
                     "required": ["type", "n"]}
          }
        }
        """

    static let single = """
        {"title": "Notice", "type": "object", "properties": {"type": {"const": "notice", "default": "notice"}},
         "required": ["type"]}
        """

    @Test("Pydantic refs rewritten to #/components/schemas/ resolve against $defs")
    func componentRefs() throws {
        let result = try ProtocolFixtures.load(
            "sidecar.yaml", Self.sidecar, extra: ["client.json": Self.rewrittenRefs, "server.json": Self.single])
        let loaded = try #require(result.success, "\(String(describing: result.failure))")
        let endpoint = try #require(loaded.value.endpoints.first)
        #expect(endpoint.messages(sentBy: .clientToServer).compactMap(\.tag) == ["ping", "pong"])
        #expect(endpoint.messages.first { $0.tag == "notice" }?.direction == .serverToClient)
        #expect(endpoint.classify(["type": "pong", "n": 1], direction: .clientToServer).isValid)
        #expect(!endpoint.classify(["type": "pong", "n": "1"], direction: .clientToServer).isValid)
    }

    @Test("a tag both sides send with the same schema becomes one bidirectional message")
    func bidirectional() throws {
        let sidecar = Self.sidecar.replacingOccurrences(of: "server.json", with: "client.json")
        let result = try ProtocolFixtures.load("sidecar.yaml", sidecar, extra: ["client.json": Self.rewrittenRefs])
        let endpoint = try #require(result.success?.value.endpoints.first)
        #expect(endpoint.messages.map(\.direction) == [.both, .both])
    }

    @Test("union branches that share a tag, or have none, are errors located in the schema file")
    func indistinctBranches() throws {
        let twins = """
            {"oneOf": [
              {"type": "object", "properties": {"type": {"const": "ping"}}},
              {"type": "object", "properties": {"type": {"const": "ping"}, "x": {}}},
              {"type": "object", "properties": {"kind": {"const": "odd"}}}
            ]}
            """
        let result = try ProtocolFixtures.load(
            "sidecar.yaml", Self.sidecar, extra: ["client.json": twins, "server.json": Self.single])
        let failure = try #require(result.failure)
        let lines = ProtocolFixtures.lines(failure)
        #expect(lines.contains { $0.hasPrefix("client.json:3:3: error: tag 'ping' is used by two union branches") })
        #expect(lines.contains("client.json:4:3: error: union branch 2 has no tag, so it cannot be told apart"))
    }

    @Test("an unresolvable ref in a JSON schema file points at its line and column")
    func jsonReference() throws {
        let broken = """
            {"oneOf": [{"$ref": "#/$defs/Ping"}],
             "$defs": {"Ping": {"properties": {"type": {"const": "ping"}, "p": {"$ref": "#/$defs/Payload"}}}}}
            """
        let result = try ProtocolFixtures.load(
            "sidecar.yaml", Self.sidecar, extra: ["client.json": broken, "server.json": Self.single])
        let failure = try #require(result.failure)
        #expect(
            ProtocolFixtures.lines(failure) == [
                "client.json:2:77: error: unresolvable reference '#/$defs/Payload': nothing at that pointer"
            ])
    }

    @Test("a sidecar naming a missing schema file points at the sidecar line")
    func missingSchemaFile() throws {
        let result = try ProtocolFixtures.load("sidecar.yaml", Self.sidecar, extra: ["client.json": Self.single])
        let failure = try #require(result.failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.hasPrefix("sidecar.yaml:2:35: error: cannot load 'server.json'"))
    }

    static let asyncAPI3 = """
        asyncapi: 3.0.0
        info: {title: Chat, version: 1.0.0}
        servers:
          main: {host: chat.example.com, protocol: wss, pathname: /v1, security: [{$ref: '#/components/securitySchemes/bearer'}]}
        channels:
          room:
            address: /ws/room
            bindings:
              ws:
                method: GET
                headers: {type: object, properties: {X-Room: {type: integer}}, required: [X-Room]}
                query: {type: object, properties: {compact: {type: boolean}, ratio: {type: number}}}
            messages:
              say: {$ref: '#/components/messages/Say'}
              said: {$ref: '#/components/messages/Said'}
        operations:
          onSay:
            action: receive
            channel: {$ref: '#/channels/room'}
            messages: [{$ref: '#/channels/room/messages/say'}]
            reply: {channel: {$ref: '#/channels/room'}, messages: [{$ref: '#/channels/room/messages/said'}]}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          messages:
            Say:
              payload:
                schemaFormat: application/schema+json;version=draft-07
                schema: {type: object, properties: {op: {const: say}, text: {type: string}}, required: [op, text]}
              correlationId: {location: '$message.header#/correlation'}
            Said:
              payload: {$ref: '#/components/schemas/Said'}
          schemas:
            Said: {type: object, properties: {op: {const: said}}, required: [op]}
            Unused: {type: string}
        """

    @Test("AsyncAPI 3.0: receive with reply, ws bindings, bearer security and a header correlation expression")
    func asyncAPI3() throws {
        let loaded = try #require(try ProtocolFixtures.load("chat.yaml", Self.asyncAPI3).success)
        let value = loaded.value
        #expect(value.baseURL == "wss://chat.example.com/v1")
        #expect(value.auth == .bearer)
        let endpoint = try #require(value.endpoints.first)
        #expect(endpoint.path == "/ws/room")
        #expect(endpoint.tagField == "op")
        #expect(
            endpoint.parameters == [
                ConnectionParameter(name: "compact", location: .query, type: .boolean, required: false),
                ConnectionParameter(name: "ratio", location: .query, type: .float, required: false),
                ConnectionParameter(name: "X-Room", location: .header, type: .integer, required: true),
            ])
        #expect(endpoint.messages.map { "\($0.name) \($0.direction.rawValue)" } == ["say client", "said server"])
        #expect(endpoint.correlation == .expression("$message.header#/correlation"))
        #expect(loaded.warnings.map(\.message) == ["definition 'Unused' is not used by any message"])
        #expect(!endpoint.classify(["op": "say"], direction: .clientToServer).isValid)
    }

    @Test("the client perspective swaps who sends what")
    func clientPerspective() throws {
        let loaded = try #require(try ProtocolFixtures.load("chat.yaml", Self.asyncAPI3, perspective: .client).success)
        let endpoint = try #require(loaded.value.endpoints.first)
        #expect(endpoint.messages.map { "\($0.name) \($0.direction.rawValue)" } == ["say server", "said client"])
    }

    @Test(
        "AsyncAPI problems are located",
        arguments: [
            ("type: http, scheme: bearer", "type: userPassword", "security scheme type 'userPassword' cannot be used"),
            ("method: GET", "method: POST", "a WebSocket handshake uses GET"),
            ("compact: {type: boolean}", "compact: {type: array}", "must be a string, integer, boolean or number"),
            ("action: receive", "action: listen", "action must be 'send' or 'receive'"),
            ("asyncapi: 3.0.0", "asyncapi: 1.2.0", "unsupported AsyncAPI version '1.2.0'"),
            ("messages/said'}]}", "messages/sad'}]}", "unresolvable reference"),
        ])
    func asyncAPIProblems(original: String, replacement: String, expected: String) throws {
        let text = Self.asyncAPI3.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.asyncAPI3)
        let failure = try #require(try ProtocolFixtures.load("chat.yaml", text).failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.contains(expected), "\(line)")
        #expect(line.hasPrefix("chat.yaml:") && failure.diagnostics.first?.position != nil)
    }

    @Test("YAML scalars resolve as YAML 1.2 JSON does, keeping key order and big integers")
    func yamlScalars() throws {
        let text =
            "z: yes\na: no\nn: ~\ni: 42\nbig: 123456789012345678901234567890\nf: 1.5\ne: 1e3\nq: '7'\nb: true\ns: on\n"
        let document = try SourceDocument.parse(
            bytes: Array(text.utf8), path: "t.yaml", uri: "file:///t.yaml", json: false)
        #expect(document.value.objectValue?.keys == ["z", "a", "n", "i", "big", "f", "e", "q", "b", "s"])
        #expect(document.value["z"] == "yes")
        #expect(document.value["s"] == "on")
        #expect(document.value["n"] == .null)
        #expect(document.value["i"] == .integer(42))
        #expect(document.value["big"] == .bigInteger("123456789012345678901234567890"))
        #expect(document.value["f"] == .number(1.5))
        #expect(document.value["e"] == .number(1000))
        #expect(document.value["q"] == "7")
        #expect(document.value["b"] == true)
        #expect(document.position(of: JSONPointer(tokens: ["f"])) == SourcePosition(line: 6, column: 1))
    }

    @Test("an alias bomb is stopped by the value limit")
    func aliasBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        #expect(throws: ProtocolLoadError.self) {
            try SourceDocument.parse(bytes: Array(text.utf8), path: "bomb.yaml", uri: "file:///bomb.yaml", json: false)
        }
    }
}
