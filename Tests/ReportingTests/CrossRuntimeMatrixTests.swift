import Foundation
import GauntletCore
import Reporting
import Testing

/// The comparison must flag exactly the cases where targets that ran them reached different outcomes.
@Suite("Cross-runtime matrix")
struct CrossRuntimeMatrixTests {
    @Test("Disagreements are the cases whose verdict or close verdict differ")
    func disagreements() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let matrix = CrossRuntimeMatrix([healthy, broken])
        #expect(matrix.agents == ["healthy", "no-pong"])
        #expect(matrix.rows.map(\.id) == healthy.cases.map(\.id))
        #expect(matrix.disagreements.map(\.id) == ["2.1", "2.2", "2.3", "2.4", "2.6", "2.9", "2.10", "2.11"])
        #expect(CrossRuntimeMatrix([healthy, healthy.renamed("copy")]).disagreements.isEmpty)

        var closeOnly = healthy.renamed("close-only")
        closeOnly.cases[0].closeVerdict = .unclean
        #expect(CrossRuntimeMatrix([healthy, closeOnly]).disagreements.map(\.id) == [healthy.cases[0].id])
    }

    @Test("A target that did not run a case neither agrees nor disagrees")
    func missingCells() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        var partial = broken
        partial.cases.removeAll { $0.id == "2.1" }
        let matrix = CrossRuntimeMatrix([healthy, partial])
        let row = try #require(matrix.rows.first { $0.id == "2.1" })
        #expect(row.cells[1] == nil)
        #expect(!row.disagree)
        #expect(matrix.renderText().contains("Targets disagree on 7 of 11 cases:"))
    }

    @Test("Text, Markdown and JSON views name the disagreeing cases and the per-target counts")
    func views() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let matrix = CrossRuntimeMatrix([healthy, broken])
        let text = matrix.renderText()
        #expect(text.contains("  no-pong: 11 cases; OK 3, NON-STRICT 0, INFORMATIONAL 0, UNIMPLEMENTED 0, FAILED 8"))
        #expect(text.contains("  2.10  OK 1000  FAILED 1000"))
        let markdown = matrix.renderMarkdown()
        #expect(markdown.contains("| no-pong | 11 | 3 | 0 | 0 | 0 | 8 | 8 |"))
        #expect(markdown.contains("| 2.10 | OK 1000 | FAILED 1000 |"))
        let json = try #require(try JSONSerialization.jsonObject(with: matrix.jsonData()) as? [String: Any])
        #expect(json["disagreements"] as? Int == 8)
        let cases = try #require(json["cases"] as? [[String: Any]])
        #expect(cases.count == 11)
        let first = try #require(cases.first)
        #expect(first["id"] as? String == "2.1")
        #expect(first["disagree"] as? Bool == true)
        let results = try #require(first["results"] as? [String: [String: Any]])
        #expect(results["no-pong"]?["verdict"] as? String == "FAILED")
        #expect(results["healthy"]?["remoteCloseCode"] as? Int == 1000)
    }
}

extension RunReport {
    fileprivate func renamed(_ agent: String) -> RunReport {
        var copy = self
        copy.agent = agent
        return copy
    }
}
