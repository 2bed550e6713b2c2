import GauntletCore
import Testing

@testable import Reporting

/// The step summary must show the totals and then only what failed or changed, nothing else.
@Suite("Markdown summary")
struct MarkdownSummaryTests {
    @Test("A passing run shows the totals and no case table")
    func passing() async throws {
        let report = try await Fixture.healthy()
        let text = MarkdownSummary.render(report)
        #expect(text.hasPrefix("### ✅ Gauntlet: healthy — all \(report.cases.count) cases pass the gate"))
        #expect(text.contains("| \(report.cases.count) | 0 | 0 | 0 | 0 | 0 |"))
        #expect(!text.contains("Failing cases"))
        #expect(text.contains("token=REDACTED"))
        #expect(!text.contains("secret"))
    }

    @Test("A failing run lists exactly the failing cases with their reasons")
    func failing() async throws {
        let report = try await Fixture.noPong()
        let text = MarkdownSummary.render(report)
        #expect(text.hasPrefix("### ❌ Gauntlet: no-pong — 8 of \(report.cases.count) cases fail the gate"))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| 2.") }
        #expect(rows.map { String($0.split(separator: " ")[1]) } == report.cases.filter(\.failsGate).map(\.id))
        #expect(rows.allSatisfy { $0.contains("RFC 6455 §5.5.2") })
    }

    @Test("Cells cannot break the table or inject HTML")
    func cellEscaping() {
        #expect(MarkdownSummary.cell("a|b\nc<script>") == "a\\|b c&lt;script&gt;")
        #expect(MarkdownSummary.cell(String(repeating: "x", count: 1000)).count == 241)
    }

    @Test("With a baseline, regressions and improvements are listed")
    func baselineChanges() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let worse = MarkdownSummary.render(
            broken.gated(by: .standard, baseline: Baseline(path: "base.json", report: healthy)))
        #expect(worse.contains("**Regressions (8)**"))
        #expect(!worse.contains("Improvements"))
        let better = MarkdownSummary.render(
            healthy.gated(by: .standard, baseline: Baseline(path: "base.json", report: broken)))
        #expect(better.contains("**Improvements (8)**"))
        #expect(better.hasPrefix("### ✅"))
    }
}
