import Foundation
import GauntletCore

/// Cases by targets, for a team serving one protocol from several runtimes: where do they disagree?
///
/// Built from saved reports only. Two targets disagree on a case when both ran it and their verdict or close
/// verdict differs; a target that did not run the case does not count.
public struct CrossRuntimeMatrix: Sendable {
    /// One case across every target; `cells[i]` belongs to `agents[i]` and is nil when that target did not run it.
    public struct Row: Sendable {
        public var id: String
        public var section: String
        public var description: String
        public var expectation: String
        public var cells: [CaseReport?]

        /// Whether the targets that ran the case reached different outcomes.
        public var disagree: Bool {
            Set(self.cells.compactMap { $0.map { "\($0.verdict.rawValue)/\($0.closeVerdict.rawValue)" } }).count > 1
        }
    }

    public var agents: [String]
    public var reports: [RunReport]
    /// In case-id order.
    public var rows: [Row]

    public init(_ reports: [RunReport]) {
        self.reports = reports
        self.agents = reports.map(\.agent)
        var byID: [String: Row] = [:]
        for (column, report) in reports.enumerated() {
            for item in report.cases {
                var row =
                    byID[item.id]
                    ?? Row(
                        id: item.id,
                        section: item.section,
                        description: item.description,
                        expectation: item.expectation,
                        cells: Array(repeating: nil, count: reports.count)
                    )
                row.cells[column] = item
                byID[item.id] = row
            }
        }
        self.rows = byID.values.sorted { CaseID($0.id) < CaseID($1.id) }
    }

    public var disagreements: [Row] { self.rows.filter(\.disagree) }

    /// Sections in case order.
    public var sections: [String] {
        self.rows.map(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// A cell as text: `OK`, `FAILED/close UNCLEAN`, with the close code: `OK 1000`.
    public static func cellText(_ item: CaseReport?) -> String {
        guard let item else { return "-" }
        var text = item.verdict.rawValue
        if item.closeVerdict != .ok { text += "/close \(item.closeVerdict.rawValue)" }
        if let code = item.remoteCloseCode { text += " \(code)" }
        return text
    }

    /// `comparison.json`: per case, whether targets disagree and each target's outcome, for scripts.
    public func jsonData() throws -> Data {
        struct Outcome: Encodable {
            var verdict: String
            var closeVerdict: String
            var remoteCloseCode: UInt16?
        }
        struct Entry: Encodable {
            var id: String
            var section: String
            var disagree: Bool
            var results: [String: Outcome]
        }
        struct File: Encodable {
            var formatVersion = 1
            var agents: [String]
            var disagreements: Int
            var cases: [Entry]
        }
        let entries = self.rows.map { row in
            var results: [String: Outcome] = [:]
            for (agent, cell) in zip(self.agents, row.cells) {
                guard let cell else { continue }
                results[agent] = Outcome(
                    verdict: cell.verdict.rawValue,
                    closeVerdict: cell.closeVerdict.rawValue,
                    remoteCloseCode: cell.remoteCloseCode
                )
            }
            return Entry(id: row.id, section: row.section, disagree: row.disagree, results: results)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(File(agents: self.agents, disagreements: self.disagreements.count, cases: entries))
    }

    /// The terminal view: verdict counts per target, then the disagreeing cases as a table.
    public func renderText() -> String {
        var lines = ["Targets:"]
        let verdicts: [Verdict] = [.ok, .nonStrict, .informational, .unimplemented, .failed]
        for report in self.reports {
            let counts = verdicts.map { "\($0.rawValue) \(report.summary.verdicts[$0.rawValue] ?? 0)" }
            lines.append("  \(report.agent): \(report.cases.count) cases; \(counts.joined(separator: ", "))")
        }
        let disagreements = self.disagreements
        lines.append("")
        guard !disagreements.isEmpty else {
            lines.append("All targets agree on all \(self.rows.count) cases.")
            return lines.joined(separator: "\n")
        }
        lines.append("Targets disagree on \(disagreements.count) of \(self.rows.count) cases:")
        let header = ["case"] + self.agents
        let body = disagreements.map { [$0.id] + $0.cells.map(Self.cellText) }
        let widths = ([header] + body).reduce(into: Array(repeating: 0, count: header.count)) { widths, row in
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        for row in [header] + body {
            let cells = row.enumerated().map {
                $0.element + String(repeating: " ", count: widths[$0.offset] - $0.element.count)
            }
            lines.append(String(("  " + cells.joined(separator: "  ")).reversed().drop { $0 == " " }.reversed()))
        }
        return lines.joined(separator: "\n")
    }

    /// The same as Markdown, for a pull request or step summary.
    public func renderMarkdown() -> String {
        var lines = ["### Gauntlet: cross-runtime comparison", ""]
        lines.append("| target | cases | OK | NON-STRICT | INFORMATIONAL | UNIMPLEMENTED | FAILED | fail the gate |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for report in self.reports {
            let counts = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"].map {
                "\(report.summary.verdicts[$0] ?? 0)"
            }
            lines.append(
                "| \(MarkdownSummary.cell(report.agent)) | \(report.cases.count) | "
                    + counts.joined(separator: " | ") + " | \(report.summary.failed) |"
            )
        }
        let disagreements = self.disagreements
        lines.append("")
        if disagreements.isEmpty {
            lines.append("All targets agree on all \(self.rows.count) cases.")
        } else {
            lines += ["**Targets disagree on \(disagreements.count) of \(self.rows.count) cases**", ""]
            lines.append("| case | " + self.agents.map(MarkdownSummary.cell).joined(separator: " | ") + " |")
            lines.append("|---|" + String(repeating: "---|", count: self.agents.count))
            for row in disagreements.prefix(MarkdownSummary.rowLimit) {
                lines.append(
                    "| \(row.id) | "
                        + row.cells.map { MarkdownSummary.cell(Self.cellText($0)) }.joined(separator: " | ") + " |")
            }
            if disagreements.count > MarkdownSummary.rowLimit {
                lines += ["", "… and \(disagreements.count - MarkdownSummary.rowLimit) more."]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
