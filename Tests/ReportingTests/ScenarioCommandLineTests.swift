import Foundation
import Reporting
import Testing

/// `gauntlet demo/run --protocol --scenarios` and `gauntlet scenario check`, through the built binary: scenarios and
/// catalogue cases land in one report, and a bad scenario file is a usage error naming file:line:column.
@Suite("Scenarios from the command line", .serialized, .timeLimit(.minutes(3)))
struct ScenarioCommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let sample = root + "/scenarios/agent-dashboard"
    static let scenarioOptions = [
        "--protocol", sample + "/protocol.wsapi.yaml", "--scenarios", sample + "/*.yaml",
    ]

    @Test("One demo run covers catalogue cases and the sample scenarios in one report")
    func demoRunsBoth() throws {
        let directory = try Fixture.temporaryDirectory()
        let outcome = try CommandLineTests.gauntlet(
            ["demo", "--cases", "1.1.*,S.*"] + Self.scenarioOptions + ["--report-dir", directory, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.output)\n\(outcome.errors)")
        let report = try ReportReader().read(path: "\(directory)/reference/results.json")
        let ids = report.cases.map(\.id)
        #expect(ids.contains("1.1.1"))
        #expect(ids.contains("S.broadcast-two-dashboards"))
        #expect(ids.filter { $0.hasPrefix("S.") }.count >= 15)
    }

    @Test("scenario check accepts the sample and refuses a bad file with its position")
    func check() throws {
        let good = try CommandLineTests.gauntlet(
            ["scenario", "check", "--protocol", Self.sample + "/protocol.wsapi.yaml", Self.sample])
        #expect(good.status == 0, "\(good.errors)")
        let directory = try Fixture.temporaryDirectory()
        let bad = directory + "/bad.yaml"
        try "name: bad\nsteps:\n  - send: {client: a, mesage: ping}\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let outcome = try CommandLineTests.gauntlet(["scenario", "check", bad])
        #expect(outcome.status == 2)
        #expect(
            outcome.errors.contains("bad.yaml:3:23: unknown key 'mesage'; did you mean 'message'?"), "\(outcome.errors)"
        )
        let run = try CommandLineTests.gauntlet(["run", "ws://127.0.0.1:9/", "--scenarios", bad])
        #expect(run.status == 2)
        #expect(run.errors.contains("bad.yaml:3:23"), "\(run.errors)")
    }
}
