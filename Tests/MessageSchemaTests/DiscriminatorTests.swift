import MessageSchema
import Testing

/// Discriminated unions: the tag picks one branch, and a missing or unknown tag is its own clear error.
@Suite("Discriminated unions")
struct DiscriminatorTests {
    /// Pydantic's `TypeAdapter(Annotated[Union[...], Field(discriminator="type")])` output shape.
    static let pydantic = """
        {
            "oneOf": [{"$ref": "#/$defs/Ping"}, {"$ref": "#/$defs/Subscribe"}],
            "discriminator": {
                "propertyName": "type",
                "mapping": {"ping": "#/$defs/Ping", "subscribe": "#/$defs/Subscribe", "sub": "#/$defs/Subscribe"}
            },
            "$defs": {
                "Ping": {
                    "type": "object",
                    "properties": {"type": {"const": "ping", "default": "ping"}, "seq": {"type": "integer"}},
                    "required": ["seq"]
                },
                "Subscribe": {
                    "type": "object",
                    "properties": {"type": {"enum": ["subscribe", "sub"]}, "topic": {"type": "string"}},
                    "required": ["type", "topic"]
                }
            }
        }
        """

    @Test("the tag selects the one branch that is validated")
    func tagSelectsBranch() throws {
        let validator = try JSONSchemaValidator(schemaText: Self.pydantic)
        #expect(validator.isValid(["type": "ping", "seq": 1]))
        #expect(validator.isValid(["type": "sub", "topic": "agents"]))
        let result = validator.validate(["type": "subscribe", "topic": 3])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.instanceLocation == "/topic")
        #expect(result.errors.first?.keywordLocation == "/discriminator/subscribe/properties/topic/type")
    }

    @Test("an unknown tag names the tag and the expected ones")
    func unknownTagIsClear() throws {
        let validator = try JSONSchemaValidator(schemaText: Self.pydantic)
        let result = validator.validate(["type": "x", "seq": 1])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message == "unknown message type 'x'; expected one of 'ping', 'subscribe', 'sub'")
        #expect(result.errors.first?.instanceLocation == "/type")
    }

    @Test("a missing tag is a distinct error, even when the tag has a default")
    func missingTagIsRequired() throws {
        let validator = try JSONSchemaValidator(schemaText: Self.pydantic)
        let result = validator.validate(["seq": 1])
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("missing discriminator property 'type'") == true)
        #expect(result.errors.first?.instanceLocation == "")
    }

    @Test("mapping values may be inline schemas")
    func inlineMappingValues() throws {
        let validator = try JSONSchemaValidator(schema: [
            "discriminator": ["propertyName": "kind", "mapping": ["a": ["required": ["x"]], "b": true]]
        ])
        #expect(validator.isValid(["kind": "a", "x": 1]))
        #expect(!validator.isValid(["kind": "a"]))
        #expect(validator.isValid(["kind": "b"]))
    }

    @Test("AsyncAPI's string discriminator takes tags from the branches' const")
    func asyncAPIStringForm() throws {
        let validator = try JSONSchemaValidator(schema: [
            "discriminator": "type",
            "oneOf": [
                ["properties": ["type": ["const": "ack"], "id": ["type": "string"]], "required": ["id"]],
                ["properties": ["type": ["const": "error"], "code": ["type": "integer"]], "required": ["code"]],
            ],
        ])
        #expect(validator.isValid(["type": "ack", "id": "1"]))
        #expect(!validator.isValid(["type": "error", "id": "1"]))
        let result = validator.validate(["type": "nack"])
        #expect(result.errors.map(\.message) == ["unknown message type 'nack'; expected one of 'ack', 'error'"])
    }

    @Test("without a discriminator, oneOf means exactly one")
    func oneOfMeansExactlyOne() throws {
        let validator = try JSONSchemaValidator(schema: ["oneOf": [["type": "integer"], ["minimum": 2]]])
        #expect(validator.isValid(1))
        #expect(validator.isValid(2.5))
        let result = validator.validate(3)
        #expect(result.errors.first?.message.contains("more than one") == true)
    }

    @Test("a discriminator without any tag is a compile error")
    func discriminatorWithoutTags() {
        #expect(throws: SchemaCompileError.self) {
            try JSONSchemaValidator(schema: ["discriminator": "type", "oneOf": [["type": "object"]]])
        }
    }
}
