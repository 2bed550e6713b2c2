import Foundation
import GauntletCore
import Reporting
import Testing

/// The test suite's `expected-results/<server>.json` works as a `--baseline` (and as a config's
/// `baseline: expected-results/{target}.json`): its default covers unlisted cases, the worst listed outcome is the bar.
@Suite("Expected-results files as baselines")
struct ExpectedResultsBaselineTests {
    static let folder = ScenarioCommandLineTests.root + "/expected-results"

    @Test("Listed cases take their worst accepted outcome and unlisted ones the default")
    func reading() throws {
        let baseline = try Baseline.load(path: Self.folder + "/python-websockets.json")
        #expect(baseline.expected(for: "6.4.1") == .init(verdict: .nonStrict, closeVerdict: .ok))
        #expect(baseline.expected(for: "3.2") == .init(verdict: .nonStrict, closeVerdict: .ok))
        #expect(baseline.expected(for: "7.1.5") == .init(verdict: .ok, closeVerdict: .wrongCode))
        #expect(baseline.expected(for: "1.1.1") == .init(verdict: .ok, closeVerdict: .ok))
    }

    @Test("The reference server passes against its file, and a broken one regresses against it")
    func gating() async throws {
        let baseline = try Baseline.load(path: Self.folder + "/reference.json")
        let healthy = try await Fixture.healthy().gated(by: .standard, baseline: baseline)
        #expect(healthy.summary.failed == 0)
        let broken = try await Fixture.noPong().gated(by: .standard, baseline: baseline)
        #expect(broken.summary.failed > 0)
        #expect(broken.baseline?.regressions.contains { $0.id == "2.1" } == true)
    }

    @Test("A malformed outcome is refused with the case it belongs to")
    func malformed() throws {
        let directory = try Fixture.temporaryDirectory()
        let path = try Fixture.write(
            #"{"default": ["OK/OK"], "cases": {"2.1": ["GOOD"]}}"#, in: directory, named: "bad.json")
        #expect(throws: ReportFileError.self) { try Baseline.load(path: path) }
        do {
            _ = try Baseline.load(path: path)
        } catch {
            #expect(error.description.contains("2.1: 'GOOD' is not VERDICT/CLOSE VERDICT"), "\(error)")
        }
    }
}
