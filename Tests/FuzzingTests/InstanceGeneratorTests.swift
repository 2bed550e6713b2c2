import Fuzzing
import MessageSchema
import Testing

/// The valid-instance generator, against every message of the sample protocol.
@Suite("Instance generator")
struct InstanceGeneratorTests {
    @Test("Every message of the sample protocol gets instances that validate against its schema")
    func everyMessageValidates() throws {
        let endpoint = try FuzzFixtures.endpoint().endpoint
        var random = FuzzRandom(seed: 42)
        for message in endpoint.messages {
            let generator = message.instanceGenerator()
            for _ in 0..<40 {
                let instance = generator.generate(using: &random)
                let errors = message.validator.validate(instance).errors
                #expect(errors.isEmpty, "\(message.name): \(JSONWriter.string(from: instance)): \(errors)")
            }
        }
    }

    @Test("Instances respect patterns, formats, enums and bounds, and vary")
    func instancesUseTheConstraints() throws {
        let endpoint = try FuzzFixtures.endpoint().endpoint
        let command = try #require(endpoint.message(named: "command.execute")).instanceGenerator()
        var random = FuzzRandom(seed: 7)
        var agents: Set<String> = []
        for _ in 0..<30 {
            let value = command.generate(using: &random)
            let agent = try #require(value["payload"]?["agent_id"]?.stringValue)
            #expect(agent.hasPrefix("agent-"))
            agents.insert(agent)
            let timestamp = try #require(value["timestamp"]?.stringValue)
            #expect(timestamp.count == 20 && timestamp.hasSuffix("Z"), "\(timestamp)")
            if case .integer(let timeout)? = value["payload"]?["timeout_ms"] {
                #expect((100...600_000).contains(timeout))
            }
        }
        #expect(agents.count > 5)
    }

    @Test("The same seed gives the same instances")
    func deterministic() throws {
        let endpoint = try FuzzFixtures.endpoint().endpoint
        let generator = try #require(endpoint.message(named: "subscribe")).instanceGenerator()
        var first = FuzzRandom(seed: 99)
        var second = FuzzRandom(seed: 99)
        for _ in 0..<10 {
            #expect(generator.generate(using: &first) == generator.generate(using: &second))
        }
    }

    @Test("Completing a partial message fills what is required and keeps what was given")
    func completesPartialMessages() throws {
        let endpoint = try FuzzFixtures.endpoint().endpoint
        let message = try #require(endpoint.message(named: "authenticate"))
        let partial: JSONValue = ["payload": ["token": "a-token-of-sixteen-chars"]]
        var random = FuzzRandom(seed: 3)
        let complete = message.instanceGenerator().complete(partial, using: &random)
        #expect(message.validator.isValid(complete), "\(JSONWriter.string(from: complete))")
        #expect(complete["payload"]?["token"]?.stringValue == "a-token-of-sixteen-chars")
        #expect(complete["type"]?.stringValue == "authenticate")
        #expect(complete["id"] != nil && complete["timestamp"] != nil)
    }

    @Test("Facts name the bounds at a path, for the invalid-instance mutators")
    func factsAtAPath() throws {
        let endpoint = try FuzzFixtures.endpoint().endpoint
        let message = try #require(endpoint.message(named: "command.execute"))
        let generator = message.instanceGenerator()
        var random = FuzzRandom(seed: 5)
        let instance = generator.generate(using: &random)
        let facts = try #require(generator.facts(at: ["payload", "timeout_ms"], in: instance, using: &random))
        #expect(facts.minimum == 100 && facts.maximum == 600_000)
        let payload = try #require(generator.facts(at: ["payload"], in: instance, using: &random))
        #expect(payload.required.contains("agent_id") && !payload.additionalAllowed)
    }

    @Test("A pathological schema gets a bounded best effort, never a crash")
    func pathologicalSchemas() throws {
        var random = FuzzRandom(seed: 1)
        let schemas = [
            #"{"type": "string", "minLength": 1000000000000}"#,
            #"{"type": "array", "minItems": 1000000000000, "maxItems": 9999999999999999}"#,
            #"{"type": "integer", "minimum": 1e300}"#,
            ##"{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
            #"{"type": "string", "pattern": "^(a|b)+(?=c)"}"#,
            "false",
        ]
        for text in schemas {
            let generator = InstanceGenerator(validator: try JSONSchemaValidator(schemaText: text))
            _ = generator.generate(using: &random)
            _ = generator.complete(["x": 1], using: &random)
        }
    }
}
