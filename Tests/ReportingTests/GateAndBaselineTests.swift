import Foundation
import GauntletCore
import Reporting
import Testing

/// The gate fails on what it should and nothing else: policy flags tune it, and a baseline turns it into
/// "fail only on what got worse".
@Suite("Gate policy and baselines")
struct GateAndBaselineTests {
    @Test("--strict fails NON-STRICT, --fail-on adds, --allow removes and wins")
    func policyFlags() throws {
        #expect(!GatePolicy.standard.fails(verdict: .nonStrict, closeVerdict: .ok))
        #expect(GatePolicy.standard.fails(verdict: .failed, closeVerdict: .ok))
        #expect(GatePolicy.standard.fails(verdict: .ok, closeVerdict: .wrongCode))
        #expect(!GatePolicy.standard.fails(verdict: .unimplemented, closeVerdict: .informational))
        let strict = try GatePolicy(strict: true)
        #expect(strict.fails(verdict: .nonStrict, closeVerdict: .ok))
        let tuned = try GatePolicy(strict: true, failOn: ["unimplemented"], allow: ["NON-STRICT", "wrong-code"])
        #expect(tuned.fails(verdict: .unimplemented, closeVerdict: .ok))
        #expect(!tuned.fails(verdict: .nonStrict, closeVerdict: .ok))
        #expect(!tuned.fails(verdict: .ok, closeVerdict: .wrongCode))
        #expect(tuned.fails(verdict: .ok, closeVerdict: .unclean))
        let error = try #require(throws: GatePolicyError.self) { try GatePolicy(strict: false, allow: ["GOOD"]) }
        #expect(error.description.hasPrefix("unknown verdict 'GOOD'; known verdicts:"))
    }

    @Test("Allowing FAILED lets a broken run pass, and the report says which gate it used")
    func allowFailed() async throws {
        let report = try await Fixture.noPong()
        #expect(report.summary.failed == 8)
        let lenient = report.gated(by: try GatePolicy(strict: false, allow: ["FAILED"]))
        #expect(lenient.summary.failed == 0)
        #expect(lenient.gate?.contains("fails on nothing") == true)
    }

    @Test("Against its own baseline a failing run passes; a run that got worse fails only on the regressions")
    func regressionsOnly() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let same = broken.gated(by: .standard, baseline: Baseline(path: "b", report: broken))
        #expect(same.summary.failed == 0)
        #expect(same.baseline?.regressions.isEmpty == true)
        let worse = broken.gated(by: .standard, baseline: Baseline(path: "b", report: healthy))
        #expect(worse.cases.filter(\.failsGate).map(\.id) == broken.cases.filter { $0.verdict == .failed }.map(\.id))
        #expect(worse.baseline?.regressions.count == 8)
        #expect(worse.baseline?.regressions.allSatisfy(\.failsGate) == true)
        let better = healthy.gated(by: .standard, baseline: Baseline(path: "b", report: broken))
        #expect(better.summary.failed == 0)
        #expect(better.baseline?.improvements.count == 8)
    }

    @Test("Getting worse to an allowed verdict is reported but does not fail")
    func allowedRegression() async throws {
        let healthy = try await Fixture.healthy()
        let expected = Dictionary(
            uniqueKeysWithValues: healthy.cases.map { ($0.id, Baseline.Expected(verdict: .ok, closeVerdict: nil)) })
        var downgraded = healthy
        downgraded.cases[0].verdict = .unimplemented
        let policy = try GatePolicy(strict: false, allow: ["UNIMPLEMENTED"])
        let gated = downgraded.gated(by: policy, baseline: Baseline(path: "b", expectations: expected))
        #expect(gated.baseline?.regressions.map(\.id) == [healthy.cases[0].id])
        #expect(gated.baseline?.regressions.first?.failsGate == false)
        #expect(gated.summary.failed == 0)
        let strictGate = downgraded.gated(by: .standard, baseline: Baseline(path: "b", expectations: expected))
        #expect(strictGate.summary.failed == 1)
    }

    @Test("Close verdicts regress too, ordered from OK to FAILED")
    func closeRegression() async throws {
        let healthy = try await Fixture.healthy()
        var worse = healthy
        worse.cases[1].closeVerdict = .wrongCode
        let gated = worse.gated(by: .standard, baseline: Baseline(path: "b", report: healthy))
        #expect(gated.baseline?.regressions.map(\.id) == [healthy.cases[1].id])
        #expect(gated.baseline?.regressions.first?.after.hasSuffix("close WRONG CODE") == true)
        #expect(gated.summary.failed == 1)
    }

    @Test("An expected-results file round-trips through baseline update's text, and cases not in it are new")
    func expectedResultsFile() async throws {
        let broken = try await Fixture.noPong()
        let directory = try Fixture.temporaryDirectory()
        let text = Baseline.expectedResultsText(for: broken)
        #expect(text.split(separator: "\n").count == broken.cases.count + 2)
        let path = try Fixture.write(text, in: directory, named: "expected.json")
        let baseline = try Baseline.load(path: path)
        #expect(baseline.expectations.count == broken.cases.count)
        #expect(broken.gated(by: .standard, baseline: baseline).summary.failed == 0)
        let short = try Fixture.write(
            "{\"2.1\": \"OK\", \"2.2\": {\"verdict\": \"FAILED\"}}", in: directory, named: "s.json")
        let partial = broken.gated(by: .standard, baseline: try Baseline.load(path: short))
        #expect(partial.baseline?.regressions.map(\.id) == ["2.1"])
        #expect(partial.baseline?.newCases.count == broken.cases.count - 2)
        #expect(
            partial.summary.failed == 7,
            "2.1 regressed; 2.2 failed as the baseline accepts; the other six failing cases are new and fail the policy"
        )
    }

    @Test("A results.json works as a baseline file")
    func resultsFileAsBaseline() async throws {
        let healthy = try await Fixture.healthy()
        let path = try ReportWriter(directory: try Fixture.temporaryDirectory()).write(healthy)
        let baseline = try Baseline.load(path: path)
        #expect(baseline.expectations.count == healthy.cases.count)
        #expect(baseline.expectations.values.allSatisfy { $0.closeVerdict == .ok })
    }

    @Test("An Autobahn index.json of one agent works as a baseline")
    func autobahnIndexAsBaseline() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let directory = try Fixture.temporaryDirectory()
        let index = try #require(try AutobahnWriter.files([healthy])["index.json"])
        let path = "\(directory)/index.json"
        try index.write(to: URL(fileURLWithPath: path))
        let baseline = try Baseline.load(path: path)
        #expect(baseline.expectations.count == healthy.cases.count)
        #expect(broken.gated(by: .standard, baseline: baseline).baseline?.regressions.count == 8)
        let both = try #require(try AutobahnWriter.files([healthy, broken])["index.json"])
        try both.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ReportFileError.self) { try Baseline.load(path: path) }
        #expect(error.description.hasSuffix("must hold one agent; this one has healthy, no-pong"))
    }

    @Test("A bad baseline file names the file, line and column")
    func badBaseline() throws {
        let directory = try Fixture.temporaryDirectory()
        let path = try Fixture.write(
            "{\n  \"1.1.1\": \"OK\",\n  \"1.1.2\": \"GOOD\"\n}", in: directory, named: "b.json")
        let error = try #require(throws: ReportFileError.self) { try Baseline.load(path: path) }
        #expect(error.description.hasPrefix("\(path):3:12: 1.1.2: \"GOOD\" is not a verdict"), "\(error)")
        let object = try Fixture.write(
            "{\"1.1.1\": {\"verdict\": \"OK\", \"closeVerdict\": 3}}", in: directory, named: "c.json")
        let closeError = try #require(throws: ReportFileError.self) { try Baseline.load(path: object) }
        #expect(closeError.description.hasPrefix("\(object):1:45: 1.1.1.closeVerdict:"), "\(closeError)")
    }
}
