import Foundation
import GauntletCore
import MessageSchema
import Testing

/// `gauntlet.yaml` and Autobahn's `fuzzingclient.json` load into one `RunConfig`; mistakes are refused with
/// `file:line:column`, the nearest valid key and plain words, never a crash.
@Suite("Config files are read and checked")
struct RunConfigLoaderTests {
    static let agreed = """
        version: 1
        protocol: scenarios/agent-dashboard/protocol.wsapi.yaml
        scenarios:
          - scenarios/agent-dashboard/*.yaml
        cases: ["*"]
        exclude-cases: []
        jobs: 16
        timeout-scale: 1.0
        reports:
          dir: reports
          formats: [json, junit, markdown, html, autobahn]
        baseline: expected-results/{target}.json
        gate:
          strict: false
          allow: [INFORMATIONAL, UNIMPLEMENTED]
        targets:
          - name: reference
            launch: "{gauntlet} serve --port {port}"
            url: ws://127.0.0.1:{port}/
          - name: python-websockets
            launch: .venv/bin/python targets/python-websockets/server.py --port {port}
            url: ws://127.0.0.1:{port}/
            env: {PYTHONUNBUFFERED: "1"}
            ready-timeout: 30s
            cases: ["1.*", "2.*"]
            exclude-cases: ["12.*"]
            jobs: 4
            timeout-scale: 2.5
        """

    static func load(_ text: String, json: Bool = false) throws(ScenarioLoadError) -> RunConfig {
        let name = json ? "fuzzingclient.json" : "gauntlet.yaml"
        let path = "/work/project/\(name)"
        let document = try SourceDocument.parse(bytes: Array(text.utf8), path: path, uri: "file://" + path, json: json)
        return try RunConfigLoader().load(document, folder: "/work/project")
    }

    static func error(_ text: String) -> String {
        do {
            _ = try Self.load(text)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test("The agreed example loads with every path resolved against the config's folder")
    func agreedExample() throws {
        let config = try Self.load(Self.agreed)
        #expect(config.protocolPath == "/work/project/scenarios/agent-dashboard/protocol.wsapi.yaml")
        #expect(config.scenarios == ["/work/project/scenarios/agent-dashboard/*.yaml"])
        #expect(config.cases == ["*"])
        #expect(config.jobs == 16)
        #expect(config.timeoutScale == 1.0)
        #expect(config.reportDirectory == "/work/project/reports")
        #expect(config.formats == ["json", "junit", "markdown", "html", "autobahn"])
        #expect(config.baselinePath(for: "reference") == "/work/project/expected-results/reference.json")
        #expect(config.baselineIsPerTarget)
        #expect(config.strict == false)
        #expect(config.allow == ["INFORMATIONAL", "UNIMPLEMENTED"])
        #expect(config.targets.map(\.name) == ["reference", "python-websockets"])
        let python = try #require(config.targets.last)
        #expect(python.environment == ["PYTHONUNBUFFERED": "1"])
        #expect(python.readyTimeout == .seconds(30))
        #expect(python.excludeCases == ["12.*"])
        #expect(python.cases == ["1.*", "2.*"])
        #expect(config.targets.first?.cases == nil)
        #expect(python.jobs == 4 && python.timeoutScale == 2.5)
        #expect(config.targets.first?.jobs == nil)
        #expect(python.workingDirectory == "/work/project")
        #expect(python.usesChosenPort)
        #expect(config.location(of: "reports.formats") == "/work/project/gauntlet.yaml:11:3")
    }

    @Test(
        "Mistakes are refused at their position in plain words",
        arguments: [
            (
                "version: 1\nexlude-cases: []\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
                "gauntlet.yaml:2:1: unknown key 'exlude-cases'; did you mean 'exclude-cases'?"
            ),
            (
                "version: 1\njobs: many\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
                "gauntlet.yaml:2:1: jobs must be a whole number, not text"
            ),
            ("version: 2\ntargets: [{name: a, url: 'ws://h:1/'}]\n", "gauntlet.yaml:1:1: version must be 1"),
            ("targets: [{name: a, url: 'ws://h:1/'}]\n", "1:1: missing required key 'version'"),
            (
                "version: 1\ntargets: [{name: a, url: 'ws://127.0.0.1:{port}/'}]\n",
                "gauntlet.yaml:2:21: url uses {port}"
            ),
            ("version: 1\ntargets: [{name: a, url: 'http://h/'}]\n", "is not a ws:// URL"),
            ("version: 1\ntargets: [{name: a, url: 'ws://h:1/', lanch: x}]\n", "did you mean 'launch'?"),
            ("version: 1\ntargets: [{name: 'a b', url: 'ws://h:1/'}]\n", "a target name is letters"),
            ("version: 1\ntargets: [{name: a, url: 'ws://h:1/'}, {name: a, url: 'ws://h:2/'}]\n", "used twice"),
            ("version: 1\ntargets: []\n", "targets must list at least one server"),
            ("version: 1\ntargets: [{name: compare, url: 'ws://h:1/'}]\n", "'compare' is reserved"),
            (
                "version: 1\ngate: {strict: yes please}\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
                "strict must be true or false"
            ),
            (
                "version: 1\ntimeout-scale: 0\ntargets: [{name: a, url: 'ws://h:1/'}]\n",
                "timeout-scale must be a number above 0"
            ),
            (
                "version: 1\ntargets: [{name: a, url: 'ws://h:1/', launch: x, ready-timeout: forever}]\n",
                "ready-timeout must be a duration"
            ),
        ])
    func mistakes(text: String, expected: String) {
        let message = Self.error(text)
        #expect(message.contains(expected), "\(message)")
    }

    @Test("${env.NAME} in url, launch and env reads the environment; an unset one is an error at its place")
    func environment() throws {
        let text = """
            version: 1
            targets:
              - name: staging
                url: ${env.STAGING_URL}
                launch: ./server --key ${env.KEY}
                env: {TOKEN: "${env.KEY}"}
            """
        let document = try SourceDocument.parse(
            bytes: Array(text.utf8), path: "g.yaml", uri: "file:///g.yaml", json: false)
        let loader = RunConfigLoader(environment: ["STAGING_URL": "ws://10.0.0.7:9001/", "KEY": "k-1"])
        let target = try #require(try loader.load(document, folder: "/").targets.first)
        #expect(target.url == "ws://10.0.0.7:9001/")
        #expect(target.launch == "./server --key k-1")
        #expect(target.environment == ["TOKEN": "k-1"])
        do {
            _ = try RunConfigLoader(environment: [:]).load(document, folder: "/")
            Issue.record("loaded")
        } catch {
            #expect(
                error.description.contains("g.yaml:4:5: the environment variable STAGING_URL is not set"), "\(error)")
        }
    }

    @Test("A fuzzingclient.json becomes targets with Autobahn's filters, and its extra keys are only warnings")
    func fuzzingClient() throws {
        let config = try Self.load(
            """
            {
              "options": {"failByDrop": false},
              "enable-ssl": false,
              "outdir": "./reports/servers",
              "servers": [
                {"agent": "AutobahnServer", "url": "ws://127.0.0.1:9001", "options": {"version": 18}},
                {"agent": "Other", "url": "ws://127.0.0.1:9002/chat"}
              ],
              "cases": ["1.*", "2.*"],
              "exclude-cases": ["9.*", "12.*"],
              "exclude-agent-cases": {"Autobahn*": ["2.10", "2.11"]}
            }
            """, json: true)
        #expect(config.kind == .autobahnFuzzingClient)
        #expect(config.targets.map(\.name) == ["AutobahnServer", "Other"])
        #expect(config.targets.map(\.url) == ["ws://127.0.0.1:9001", "ws://127.0.0.1:9002/chat"])
        #expect(config.cases == ["1.*", "2.*"])
        #expect(config.excludeCases == ["9.*", "12.*"])
        #expect(config.targets.first?.excludeCases == ["2.10", "2.11"])
        #expect(config.targets.last?.excludeCases == [])
        #expect(config.reportDirectory == "/work/project/./reports/servers")
        #expect(config.autobahnDirectory == config.reportDirectory)
        #expect(config.warnings.count == 3, "\(config.warnings)")
        #expect(config.warnings.contains { $0.contains("'enable-ssl' has no effect") })
        #expect(config.targets.allSatisfy { $0.launch == nil })
    }

    @Test("A fuzzingclient.json with a bad server is refused at its position")
    func fuzzingClientErrors() {
        do {
            _ = try Self.load(#"{"servers": [{"agent": "x", "url": "wss://secure:443"}]}"#, json: true)
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains("fuzzingclient.json:1:36"), "\(error)")
            #expect(error.description.contains("wss:// needs TLS"), "\(error)")
        }
    }
}
