import Foundation
import GauntletCore
import ReferenceServer
import Testing

@testable import Reporting

/// `gauntlet run --config`, `gauntlet init` and Autobahn's fuzzingclient.json through the built binary: launched
/// and already-running targets, per-target reports and logs, the comparison, overrides and the worst exit status.
@Suite("Config files from the command line", .serialized, .timeLimit(.minutes(3)))
struct ConfigCommandLineTests {
    static func config(in directory: String, _ text: String) throws -> String {
        try Fixture.write(text, in: directory, named: "gauntlet.yaml")
    }

    static func results(_ path: String) throws -> RunReport {
        try ReportReader().read(path: path)
    }

    @Test("Every target runs: launched ones are stopped and logged, and the worst status (3) wins over a failure (1)")
    func severalTargets() throws {
        let directory = try Fixture.temporaryDirectory()
        let path = try Self.config(
            in: directory,
            """
            version: 1
            cases: ["2.1", "2.2", "2.3"]
            jobs: 2
            reports: {dir: out, formats: [json, markdown]}
            targets:
              - name: good
                launch: "{gauntlet} serve --port {port}"
                url: ws://127.0.0.1:{port}/
              - name: no-pong
                launch: "{gauntlet} serve --port {port} --fault no-pong"
                url: ws://127.0.0.1:{port}/
                cases: ["2.1", "2.2", "2.3", "2.4"]
                exclude-cases: ["2.3"]
              - name: broken
                launch: "echo the-server-says-boom; exit 4"
                url: ws://127.0.0.1:{port}/
                ready-timeout: 10s
            """)
        let outcome = try CommandLineTests.gauntlet(["run", "--config", path])
        #expect(outcome.status == 3, "\(outcome.output)\n\(outcome.errors)")
        let good = try Self.results("\(directory)/out/good/results.json")
        #expect(good.cases.map(\.id) == ["2.1", "2.2", "2.3"])
        #expect(good.summary.failed == 0)
        let faulty = try Self.results("\(directory)/out/no-pong/results.json")
        #expect(faulty.cases.map(\.id) == ["2.1", "2.2", "2.4"])
        #expect(faulty.summary.failed > 0)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/out/good/summary.md"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/out/good/server.log"))
        let brokenLog = try String(contentsOfFile: "\(directory)/out/broken/server.log", encoding: .utf8)
        #expect(brokenLog.contains("the-server-says-boom"))
        #expect(outcome.errors.contains("the-server-says-boom"))
        let brokenSummary = try String(contentsOfFile: "\(directory)/out/broken/summary.md", encoding: .utf8)
        #expect(brokenSummary.contains("broken: no case ran") && brokenSummary.contains("the-server-says-boom"))
        let comparison = try String(contentsOfFile: "\(directory)/out/compare/comparison.json", encoding: .utf8)
        #expect(comparison.contains("\"no-pong\"") && comparison.contains("\"good\""))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/out/compare/comparison.html"))
        #expect(outcome.output.contains("3 unreachable or did not start"))
    }

    @Test("Values the config reads from the environment stay out of the reports and the saved server log")
    func configSecrets() throws {
        let secret = "cfg-secret-\(UUID().uuidString.lowercased())"
        setenv("GAUNTLET_TEST_CONFIG_SECRET", secret, 1)
        let directory = try Fixture.temporaryDirectory()
        let path = try Self.config(
            in: directory,
            """
            version: 1
            cases: ["2.1"]
            reports: {dir: out, formats: [json, junit, markdown, html, autobahn]}
            targets:
              - name: reference
                launch: "echo starting with $SERVER_KEY; {gauntlet} serve --port {port}"
                url: ws://127.0.0.1:{port}/chat?room=${env.GAUNTLET_TEST_CONFIG_SECRET}
                env: {SERVER_KEY: "${env.GAUNTLET_TEST_CONFIG_SECRET}"}
            """)
        let outcome = try CommandLineTests.gauntlet(["run", "--config", path])
        #expect(outcome.status == 0, "\(outcome.output)\n\(outcome.errors)")
        let log = try String(contentsOfFile: "\(directory)/out/reference/server.log", encoding: .utf8)
        #expect(log.contains("starting with REDACTED"), "\(log)")
        let folder = "\(directory)/out/reference"
        let files = try #require(FileManager.default.subpaths(atPath: folder))
        #expect(files.count >= 6, "\(files)")
        for file in files {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: "\(folder)/\(file)", isDirectory: &isFolder)
            guard !isFolder.boolValue else { continue }
            let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
            #expect(!text.contains(secret), "\(file) holds the secret")
            #expect(!text.contains(Hex.encode(Array(secret.utf8))), "\(file) holds the secret as hex")
        }
    }

    @Test("Command-line options override the file, --targets picks targets, and --cases selects scenarios too")
    func overrides() throws {
        setenv("DASHBOARD_TOKEN", ReferenceServerConfiguration().dashboardToken, 1)
        let directory = try Fixture.temporaryDirectory()
        let sample = ScenarioCommandLineTests.sample
        let path = try Self.config(
            in: directory,
            """
            version: 1
            protocol: \(sample)/protocol.wsapi.yaml
            scenarios: ["\(sample)/*.yaml"]
            cases: ["1.*"]
            jobs: 1
            reports: {dir: out}
            gate: {fail-on: [NON-STRICT]}
            targets:
              - name: reference
                launch: "{gauntlet} serve --port {port}"
                url: ws://127.0.0.1:{port}/
              - name: elsewhere
                url: ws://127.0.0.1:9/
            """)
        let plan = try CommandLineTests.gauntlet(["run", "--config", path, "--dry-run", "--jobs", "3"])
        #expect(plan.status == 0, "\(plan.errors)")
        #expect(plan.output.contains("elsewhere: ws://127.0.0.1:9/"), "\(plan.output)")
        #expect(plan.output.contains("jobs 3"), "\(plan.output)")
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/out"), "a dry run starts nothing")
        let outcome = try CommandLineTests.gauntlet(
            [
                "run", "--config", path, "--targets", "ref*", "--cases", "S.ping-pong,S.subscribe-ack,2.1",
                "--report-dir", directory + "/cli", "--format", "json",
            ])
        #expect(outcome.status == 0, "\(outcome.output)\n\(outcome.errors)")
        let report = try Self.results("\(directory)/cli/reference/results.json")
        #expect(report.cases.map(\.id) == ["2.1", "S.ping-pong", "S.subscribe-ack"])
        #expect(report.gate?.contains("NON-STRICT") == true, "the file's gate still applies")
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/cli/elsewhere"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/out"))
    }

    @Test(
        "A config mistake stops the run before anything starts, naming file:line:column",
        arguments: [
            (
                "version: 1\njobs: 2\nreports: {formats: [json, xml]}\ntargets: [{name: a, url: 'ws://127.0.0.1:9/'}]\n",
                "gauntlet.yaml:3:11: reports.formats: unknown report format 'xml'"
            ),
            (
                "version: 1\ngate: {allow: [MAYBE]}\ntargets: [{name: a, url: 'ws://127.0.0.1:9/'}]\n",
                "gauntlet.yaml:2:8: gate.allow: unknown verdict 'MAYBE'"
            ),
            (
                "version: 1\ngate:\n  allow: [OK]\n  fail-on: [NEVER]\ntargets: [{name: a, url: 'ws://127.0.0.1:9/'}]\n",
                "gauntlet.yaml:4:3: gate.fail-on: unknown verdict 'NEVER'"
            ),
            ("version: 1\ntargts: []\n", "gauntlet.yaml:2:1: unknown key 'targts'; did you mean 'targets'?"),
            ("version: 1\ncases: ['S.nothing']\ntargets: [{name: a, url: 'ws://127.0.0.1:9/'}]\n", "no case matches"),
        ])
    func mistakes(text: String, expected: String) throws {
        let directory = try Fixture.temporaryDirectory()
        let path = try Self.config(in: directory, text)
        let outcome = try CommandLineTests.gauntlet(["run", "--config", path])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(expected), "\(outcome.errors)")
    }

    @Test("An Autobahn fuzzingclient.json runs unchanged and leaves an Autobahn index.json in outdir")
    func fuzzingClient() async throws {
        let server = try await ReferenceServer.start(ReferenceServerConfiguration())
        let directory = try Fixture.temporaryDirectory()
        let path = try Fixture.write(
            """
            {
              "options": {"failByDrop": false},
              "outdir": "./reports/servers",
              "servers": [
                {"agent": "Reference", "url": "ws://127.0.0.1:\(server.port)", "options": {"version": 18}},
                {"agent": "Second", "url": "ws://127.0.0.1:\(server.port)/other"}
              ],
              "cases": ["1.1.*", "2.1"],
              "exclude-cases": ["1.1.8"],
              "exclude-agent-cases": {"Sec*": ["2.*"]}
            }
            """, in: directory, named: "fuzzingclient.json")
        let outcome = try CommandLineTests.gauntlet(["run", "--config", path])
        try await server.shutdown()
        #expect(outcome.status == 0, "\(outcome.output)\n\(outcome.errors)")
        #expect(outcome.errors.contains("fuzzingclient.json:2:14: 'options' has no effect"), "\(outcome.errors)")
        let outdir = directory + "/reports/servers"
        let index = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: outdir + "/index.json")))
        let agents = try #require(index as? [String: [String: Any]])
        #expect(Set(agents.keys) == ["Reference", "Second"])
        #expect(
            agents["Reference"]?.keys.sorted() == [
                "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "2.1",
            ])
        #expect(agents["Second"]?["2.1"] == nil)
        #expect(FileManager.default.fileExists(atPath: outdir + "/reference_case_1_1_1.json"))
        #expect(FileManager.default.fileExists(atPath: outdir + "/Reference/results.json"))
        #expect(FileManager.default.fileExists(atPath: outdir + "/index.html"))
    }

    @Test("gauntlet init --from converts a fuzzingclient.json into a gauntlet.yaml that plans the same run")
    func convertFuzzingClient() throws {
        let directory = try Fixture.temporaryDirectory()
        let source = try Fixture.write(
            """
            {"outdir": "./reports/servers", "cases": ["1.1.*"], "exclude-cases": ["1.1.8"],
             "servers": [{"agent": "Autobahn Server/1.0", "url": "ws://127.0.0.1:9001"}],
             "exclude-agent-cases": {"Autobahn*": ["1.1.2"]}}
            """, in: directory, named: "fuzzingclient.json")
        let output = directory + "/gauntlet.yaml"
        let converted = try CommandLineTests.gauntlet(["init", "--from", source, "--output", output])
        #expect(converted.status == 0, "\(converted.errors)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("dir: \"reports/servers\""), "\(text)")
        let plan = try CommandLineTests.gauntlet(["run", "--config", output, "--dry-run"])
        #expect(plan.status == 0, "\(plan.errors)\n\(text)")
        #expect(plan.output.contains("Autobahn-Server-1.0: ws://127.0.0.1:9001"), "\(plan.output)")
        #expect(plan.output.contains("6 cases: 1.1.1, 1.1.3, 1.1.4"), "\(plan.output)")
    }

    @Test("A bare gauntlet run uses ./gauntlet.yaml, and says so when there is none")
    func defaultConfig() throws {
        let directory = try Fixture.temporaryDirectory()
        let none = try CommandLineTests.gauntlet(["run"], in: directory)
        #expect(none.status == 2)
        #expect(none.errors.contains("none in this folder"), "\(none.errors)")
        _ = try Self.config(
            in: directory, "version: 1\ntargets: [{name: listed, url: 'ws://127.0.0.1:9/'}]\n")
        let plan = try CommandLineTests.gauntlet(["run", "--dry-run", "--cases", "2.1"], in: directory)
        #expect(plan.status == 0, "\(plan.errors)")
        #expect(plan.output.contains("listed: ws://127.0.0.1:9/"), "\(plan.output)")
    }

    @Test("gauntlet init writes a starter that runs as written, and refuses to overwrite without --force")
    func initStarter() throws {
        let directory = try Fixture.temporaryDirectory()
        let path = directory + "/gauntlet.yaml"
        let written = try CommandLineTests.gauntlet(["init", "--output", path])
        #expect(written.status == 0, "\(written.errors)")
        let again = try CommandLineTests.gauntlet(["init", "--output", path])
        #expect(again.status == 2)
        #expect(again.errors.contains("--force"))
        let run = try CommandLineTests.gauntlet(["run", "--config", path, "--cases", "1.1.1,2.1", "--format", "json"])
        #expect(run.status == 0, "\(run.output)\n\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: directory + "/reports/reference/results.json"))
        #expect(FileManager.default.fileExists(atPath: directory + "/reports/reference/server.log"))
    }
}
