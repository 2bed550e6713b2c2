import Foundation
import GauntletCore
import MessageSchema
import Testing

/// scenarios/scenario.schema.json, the editors' schema of the format, agrees with the loader: every sample
/// scenario is valid under it, and a typo the loader refuses is invalid under it too.
@Suite("The scenario format's JSON Schema")
struct ScenarioSchemaTests {
    static func validator() throws -> JSONSchemaValidator {
        let text = try String(
            contentsOfFile: ScenarioSuiteTests.root + "/scenarios/scenario.schema.json", encoding: .utf8)
        return try JSONSchemaValidator(schemaText: text)
    }

    static var samples: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ScenarioSuiteTests.folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("protocol.") }.sorted()
    }

    @Test("Every sample scenario is valid under the schema", arguments: Self.samples)
    func sampleIsValid(_ name: String) throws {
        let document = try SourceDocument.load(path: ScenarioSuiteTests.folder + "/" + name)
        let result = try Self.validator().validate(document.value)
        #expect(result.errors.map(\.description) == [])
    }

    @Test(
        "Mistakes the loader refuses are invalid under the schema too",
        arguments: [
            "name: x\nsteps:\n  - conect: {client: a}\n",
            "name: x\nsteps:\n  - expect: {client: a, witin: 2}\n",
            "name: x\nsteps: []\n",
            "name: x\nsteps:\n  - close: {code: 70000}\n",
            "name: x\nsteps:\n  - send: {client: a}\n",
        ])
    func mistakeIsInvalid(_ yaml: String) throws {
        let document = try SourceDocument.parse(
            bytes: Array(yaml.utf8), path: "x.yaml", uri: "file:///x.yaml", json: false)
        #expect(try !Self.validator().isValid(document.value))
    }
}
