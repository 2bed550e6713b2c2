import Foundation
import GauntletCore
import MessageSchema
import Testing

/// scenarios/gauntlet.config.schema.json, the editors' schema of `gauntlet.yaml`, agrees with the loader: the agreed
/// example is valid under it and mistakes the loader refuses are invalid under it too. The scenario schema knows the
/// new connect keys the same way.
@Suite("The config format's JSON Schema")
struct ConfigSchemaTests {
    static func validator(_ name: String) throws -> JSONSchemaValidator {
        let text = try String(contentsOfFile: ScenarioSuiteTests.root + "/scenarios/" + name, encoding: .utf8)
        return try JSONSchemaValidator(schemaText: text)
    }

    static func value(_ yaml: String) throws -> JSONValue {
        try SourceDocument.parse(bytes: Array(yaml.utf8), path: "x.yaml", uri: "file:///x.yaml", json: false).value
    }

    @Test("The agreed example is valid under the schema and loads")
    func agreedExample() throws {
        let result = try Self.validator("gauntlet.config.schema.json").validate(Self.value(RunConfigLoaderTests.agreed))
        #expect(result.errors.map(\.description) == [])
        _ = try RunConfigLoaderTests.load(RunConfigLoaderTests.agreed)
    }

    @Test(
        "Mistakes the loader refuses are invalid under the schema too",
        arguments: [
            "version: 1\nexlude-cases: []\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
            "version: 2\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
            "version: 1\njobs: many\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
            "version: 1\ntargets: []\n",
            "version: 1\ntargets: [{name: 'a b', url: 'ws://h:1/'}]\n",
            "version: 1\nreports: {formats: [xml]}\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
            "version: 1\ntargets: [{name: a, url: 'ws://h:1/', lanch: x}]\n",
        ])
    func mistakeIsInvalid(_ yaml: String) throws {
        #expect(try !Self.validator("gauntlet.config.schema.json").isValid(Self.value(yaml)))
    }

    @Test("The scenario schema accepts auth, subprotocols, response_headers and clean, and refuses a typo in auth")
    func scenarioConnectKeys() throws {
        let validator = try Self.validator("scenario.schema.json")
        let good = """
            name: x
            steps:
              - connect:
                  auth: {token: "${env.T}", as: subprotocol, prefix: "bearer."}
                  subprotocols: [chat.v1]
                  response_headers: {Sec-WebSocket-Protocol: chat.v1, X-Debug: {exists: false}}
              - connect: {client: b, auth: "${env.T}"}
              - expect: {client: b, none: 500ms}
              - expect_close: {client: b, codes: [1000], clean: true}
            """
        #expect(try validator.validate(Self.value(good)).errors.map(\.description) == [])
        #expect(try !validator.isValid(Self.value("name: x\nsteps:\n  - connect: {auth: {tokn: x}}\n")))
    }
}
