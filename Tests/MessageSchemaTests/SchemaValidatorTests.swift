import MessageSchema
import Testing

/// The validator's errors locate the failure three ways, and compilation reports what cannot be resolved.
@Suite("JSON Schema validator")
struct SchemaValidatorTests {
    static let envelope = """
        {
            "$id": "https://gauntlet.test/envelope.json",
            "type": "object",
            "required": ["id", "type"],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "type": {"type": "string"},
                "payload": {"$ref": "#/$defs/payload"}
            },
            "additionalProperties": false,
            "$defs": {
                "payload": {
                    "type": "object",
                    "properties": {"items": {"type": "array", "items": {"type": "integer", "maximum": 10}}}
                }
            }
        }
        """

    @Test("errors carry instance path, keyword location, absolute location and a message")
    func errorsAreLocated() throws {
        let validator = try JSONSchemaValidator(schemaText: Self.envelope)
        let result = validator.validate(["id": "1", "type": "x", "payload": ["items": [1, 2, 11]]])
        #expect(!result.isValid)
        let error = try #require(result.errors.first)
        #expect(error.instanceLocation == "/payload/items/2")
        #expect(error.keywordLocation == "/properties/payload/$ref/properties/items/items/maximum")
        #expect(
            error.absoluteKeywordLocation
                == "https://gauntlet.test/envelope.json#/$defs/payload/properties/items/items/maximum")
        #expect(error.keyword == "maximum")
        #expect(error.message.contains("greater than"))
    }

    @Test("every failure is reported, not only the first")
    func allFailuresAreReported() throws {
        let validator = try JSONSchemaValidator(schemaText: Self.envelope)
        let result = validator.validate(["id": "", "extra": 1])
        let messages = result.errors.map(\.message)
        #expect(messages.contains("missing required property 'type'"))
        #expect(messages.contains("property 'extra' is not allowed"))
        #expect(messages.contains { $0.contains("at least 1 required") })
        #expect(!validator.isValid(["id": "", "extra": 1]))
        #expect(validator.isValid(["id": "a", "type": "t"]))
    }

    @Test("lengths count code points, and strings compare by scalars")
    func lengthsCountCodePoints() throws {
        let validator = try JSONSchemaValidator(schemaText: "{\"maxLength\": 2, \"not\": {\"const\": \"\\u00e9\"}}")
        #expect(validator.isValid("😀😀"))
        #expect(!validator.isValid("😀😀😀"))
        #expect(!validator.isValid("\u{e9}"))
        #expect(validator.isValid("e\u{301}"), "a decomposed é is a different string")
    }

    @Test("an unresolvable reference fails compilation with its location")
    func unresolvableReferenceFailsCompilation() {
        do {
            _ = try JSONSchemaValidator(schema: ["properties": ["a": ["$ref": "https://nowhere.test/x.json"]]])
            Issue.record("expected a compile error")
        } catch {
            #expect(error.code == .unresolvableReference)
            #expect(error.location.hasSuffix("#/properties/a/$ref"))
        }
    }

    @Test("an invalid pattern fails compilation")
    func invalidPatternFailsCompilation() {
        #expect(throws: SchemaCompileError.self) { try JSONSchemaValidator(schema: ["pattern": "(unclosed"]) }
    }

    @Test("remote references resolve from the registry only")
    func remoteReferencesUseTheRegistry() throws {
        var registry = SchemaRegistry()
        try registry.register(["$id": "https://gauntlet.test/common.json", "$defs": ["id": ["type": "string"]]])
        let validator = try JSONSchemaValidator(
            schema: ["$ref": "https://gauntlet.test/common.json#/$defs/id"], registry: registry)
        #expect(validator.isValid("x"))
        #expect(!validator.isValid(1))
    }

    @Test("format is an annotation unless assertion is switched on")
    func formatIsOptIn() throws {
        let schema: JSONValue = ["format": "date-time"]
        let annotating = try JSONSchemaValidator(schema: schema)
        let asserting = try JSONSchemaValidator(schema: schema, options: .init(formatAssertion: true))
        #expect(annotating.isValid("yesterday"))
        #expect(!asserting.isValid("yesterday"))
        #expect(asserting.isValid("2024-02-29T12:00:00Z"))
        #expect(!asserting.isValid("2023-02-29T12:00:00Z"))
    }

    @Test("$schema selects draft-07, where $ref hides its siblings")
    func draft7IsSelectedBySchema() throws {
        let validator = try JSONSchemaValidator(schema: [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": ["s": ["type": "string"]],
            "properties": ["a": ["$ref": "#/definitions/s", "maxLength": 1]],
        ])
        #expect(validator.isValid(["a": "long"]))
        #expect(!validator.isValid(["a": 1]))
    }

    @Test("a reference cycle that consumes no input stops at the depth bound")
    func referenceCyclesAreBounded() throws {
        let validator = try JSONSchemaValidator(schema: ["$defs": ["a": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"])
        let result = validator.validate(1)
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("deeper than") == true)
    }

    @Test("one compiled validator is shared across concurrent tasks")
    func validatorIsSendable() async throws {
        let validator = try JSONSchemaValidator(schemaText: Self.envelope)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { validator.isValid(["id": .string("\(index)"), "type": "t"]) }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
