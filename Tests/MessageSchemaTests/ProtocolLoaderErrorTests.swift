import Foundation
import MessageSchema
import Testing

/// Broken definitions: each problem is reported with `file:line:column`, and loading never crashes.
@Suite("Protocol definition errors")
struct ProtocolLoaderErrorTests {
    /// A small valid API definition; tests splice problems into it.
    static func definition(
        schemas: String = Self.schemas, messages: String = Self.messages, lifecycle: String = ""
    ) -> String {
        """
        wsapi: "1.0"
        title: Tiny
        endpoints:
          - path: /ws
            params:
              - {name: token, in: query, type: string, required: true}
        \(lifecycle)
            messages:
        \(messages)
        schemas:
        \(schemas)
        """
    }

    static let messages = """
              hello: {direction: client, schema: {$ref: '#/schemas/Hello'}}
              welcome: {direction: server, schema: {$ref: '#/schemas/Welcome'}}
        """

    static let schemas = """
          Hello:
            type: object
            properties: {type: {const: hello}, name: {type: string}}
            required: [type, name]
          Welcome:
            type: object
            properties: {type: {const: welcome}}
            required: [type]
        """

    @Test("the small definition loads, so the failures below are caused by what each test breaks")
    func baselineLoads() throws {
        let loaded = try #require(try ProtocolFixtures.load("api.yaml", Self.definition()).success)
        let endpoint = try #require(loaded.value.endpoints.first)
        #expect(endpoint.messages.map(\.name) == ["hello", "welcome"])
        #expect(endpoint.classify(["type": "hello", "name": "x"], direction: .clientToServer).isValid)
        #expect(!endpoint.classify(["type": "hello", "name": 1], direction: .clientToServer).isValid)
    }

    @Test("an unresolvable $ref names the line and column of the reference")
    func unresolvableReference() throws {
        let messages = """
                  hello: {direction: client, schema: {$ref: '#/schemas/Hello'}}
                  welcome: {direction: server, schema: {$ref: '#/schemas/Welcom'}}
            """
        let failure = try #require(try ProtocolFixtures.load("api.yaml", Self.definition(messages: messages)).failure)
        let lines = ProtocolFixtures.lines(failure)
        #expect(
            lines.contains("api.yaml:10:45: error: unresolvable reference '#/schemas/Welcom': nothing at that pointer"))
    }

    @Test("a YAML syntax error carries its position")
    func yamlSyntax() throws {
        let failure = try #require(try ProtocolFixtures.load("api.yaml", "wsapi: '1.0'\nendpoints: [\n  - a\n").failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.hasPrefix("api.yaml:3:"))
    }

    @Test("a duplicate YAML key is an error at that key")
    func duplicateKey() throws {
        let failure = try #require(try ProtocolFixtures.load("api.yaml", "wsapi: '1.0'\ntitle: a\ntitle: b\n").failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.hasPrefix("api.yaml:"))
        #expect(line.contains("duplicate"))
    }

    @Test("a JSON syntax error carries its position")
    func jsonSyntax() throws {
        let failure = try #require(
            try ProtocolFixtures.load("api.json", "{\"wsapi\": \"1.0\",\n  \"title\": }").failure)
        #expect(ProtocolFixtures.lines(failure) == ["api.json:2:12: error: expected a JSON value, found '}'"])
    }

    @Test("a misspelt key is an error, not silently ignored")
    func unknownKey() throws {
        let text = Self.definition().replacingOccurrences(of: "    params:", with: "    paramz:")
        let failure = try #require(try ProtocolFixtures.load("api.yaml", text).failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.hasPrefix("api.yaml:5:5: error: unknown key 'paramz'"))
    }

    @Test("two messages with one tag are reported")
    func duplicateTags() throws {
        let schemas = Self.schemas.replacingOccurrences(of: "const: welcome", with: "const: hello")
        let failure = try #require(try ProtocolFixtures.load("api.yaml", Self.definition(schemas: schemas)).failure)
        #expect(ProtocolFixtures.lines(failure).contains { $0.contains("tag 'hello' is used by two messages") })
    }

    @Test("a definition nothing uses is a warning, and loading still succeeds")
    func unusedDefinition() throws {
        let schemas = Self.schemas + "\n  Orphan: {type: string}"
        let loaded = try #require(try ProtocolFixtures.load("api.yaml", Self.definition(schemas: schemas)).success)
        #expect(loaded.warnings.map(\.message) == ["definition 'Orphan' is not used by any message"])
        #expect(loaded.warnings.first?.position?.line == 20)
        #expect(loaded.warnings.first?.severity == .warning)
    }

    @Test("lifecycle rules must name defined messages")
    func lifecycleNames() throws {
        let lifecycle = "    lifecycle: {onOpen: [welcome], beforeClose: [goodbye]}"
        let failure = try #require(try ProtocolFixtures.load("api.yaml", Self.definition(lifecycle: lifecycle)).failure)
        #expect(ProtocolFixtures.lines(failure).contains { $0.contains("lifecycle names message 'goodbye'") })
    }

    @Test(
        "bad values in our own format name the key",
        arguments: [
            ("direction: client", "direction: sideways", "direction must be client, server or bidirectional"),
            ("type: string, required", "type: uuid, required", "parameter type must be string, integer"),
            ("in: query, type", "in: body, type", "parameter 'in' must be query or header"),
            ("wsapi: \"1.0\"", "wsapi: \"9\"", "unsupported wsapi version '9'"),
        ])
    func badValues(original: String, replacement: String, expected: String) throws {
        let text = Self.definition().replacingOccurrences(of: original, with: replacement)
        let failure = try #require(try ProtocolFixtures.load("api.yaml", text).failure)
        let line = try #require(ProtocolFixtures.lines(failure).first)
        #expect(line.contains(expected), "\(line)")
        #expect(failure.diagnostics.first?.position != nil)
    }

    @Test("a plain JSON Schema asks for a sidecar; an unknown document says what was expected")
    func unrecognised() throws {
        let schema = try #require(try ProtocolFixtures.load("s.json", #"{"$defs": {}, "oneOf": []}"#).failure)
        #expect(ProtocolFixtures.lines(schema).first?.contains("write a sidecar") == true)
        let other = try #require(try ProtocolFixtures.load("x.yaml", "hello: world\n").failure)
        #expect(
            ProtocolFixtures.lines(other).first?.contains("expected an 'asyncapi', 'wsapi' or 'jsonSchema'") == true)
        let scalar = try #require(try ProtocolFixtures.load("x.yaml", "just text\n").failure)
        #expect(
            ProtocolFixtures.lines(scalar).first
                == "x.yaml:1:1: error: a protocol definition must be an object, not string")
    }

    @Test("a missing file is reported by name")
    func missingFile() {
        #expect(throws: ProtocolLoadFailure.self) { try ProtocolLoader().load(path: "/nonexistent/gauntlet/api.yaml") }
    }
}
