import GauntletCore
import MessageSchema
import Testing

/// Scenario files with mistakes are refused with `file:line:column`, the offending key and plain words, never a
/// crash; good files become `S.<name>` cases.
@Suite("Scenario files are checked as they load")
struct ScenarioLoaderTests {
    static func load(_ yaml: String) throws(ScenarioLoadError) -> Case {
        let document: SourceDocument
        do {
            document = try SourceDocument.parse(
                bytes: Array(yaml.utf8), path: "bad.yaml", uri: "file:///bad.yaml", json: false)
        } catch {
            throw ScenarioLoadError(file: "bad.yaml", position: error.position, message: error.message)
        }
        return try ScenarioLoader(endpoint: nil).load(document)
    }

    static func error(_ yaml: String) -> String {
        do {
            _ = try Self.load(yaml)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test("A good scenario becomes a case named S.<name> with its steps")
    func goodScenario() throws {
        let testCase = try Self.load(
            """
            name: hello
            steps:
              - connect: {client: a, path: /chat}
              - send: {client: a, text: hi}
              - expect: {client: a, fields: {greeting: {regex: "^h"}}, within: 500ms}
              - sleep: 0.1
            """)
        #expect(testCase.id == "S.hello")
        #expect(testCase.scenario?.steps.count == 4)
    }

    @Test(
        "Mistakes name file, line, column and the key, and suggest the nearest valid key",
        arguments: [
            (
                "name: x\nsteps:\n  - conect: {client: a}\n",
                "bad.yaml:3:5: unknown key 'conect'; did you mean 'connect'?"
            ),
            (
                "name: x\nsteps:\n  - expect: {client: a, witin: 2}\n",
                "bad.yaml:3:25: unknown key 'witin'; did you mean 'within'?"
            ),
            ("name: x\nstep: []\n", "bad.yaml:2:1: unknown key 'step'; did you mean 'steps'?"),
            (
                "name: x\nsteps:\n  - connect: {status: four}\n",
                "bad.yaml:3:15: status must be a whole number, not text"
            ),
            ("name: x\nsteps:\n  - sleep: forever\n", "bad.yaml:3:5: sleep must be a duration"),
            ("name: x\nsteps: 3\n", "bad.yaml:2:1: steps must be a list, not a number"),
            ("steps: []\n", "bad.yaml:1:1: missing required key 'name'"),
            ("name: x\nsteps:\n  - expect: {fields: {a: {regex: \"(\"}}}\n", "invalid regular expression"),
            ("name: x\nsteps:\n  - close: {code: 70000}\n", "a close code is 1000-4999"),
            (
                "name: x\nsteps:\n  - repeat: {times: 20000, steps: [{sleep: 0}]}\n",
                "bad.yaml:3:5: repeat may expand to at most 10000 steps"
            ),
            ("name: x\nsteps:\n  - send: {frames: [{opcode: texty}]}\n", "opcode must be one of"),
            ("name: x\nsteps:\n  - send: {binary: \"0g\"}\n", "binary must be hex digits"),
            ("name: x\nsteps:\n  - unordered: {expect: [{mesage: a}]}\n", "did you mean 'message'?"),
        ])
    func mistakes(_ yaml: String, _ expected: String) {
        let message = Self.error(yaml)
        #expect(message.contains(expected), "\(message)")
    }
}
