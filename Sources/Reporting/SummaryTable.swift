import GauntletCore

/// The plain-text table a person reads at the end of a run: counts per section, then every failing case.
public enum SummaryTable {
    /// The table, the cases that fail the gate, the changes against a baseline, and the totals.
    public static func render(_ report: RunReport) -> String {
        let columns: [Verdict] = [.ok, .nonStrict, .informational, .unimplemented, .failed]
        let header = ["section", "cases"] + columns.map(\.rawValue) + ["close not OK"]
        var rows: [[String]] = []
        let sections = Dictionary(grouping: report.cases, by: \.section)
        let order = report.cases.map(\.section).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for section in order {
            let cases = sections[section] ?? []
            rows.append(
                [section, "\(cases.count)"]
                    + columns.map { verdict in "\(cases.filter { $0.verdict == verdict }.count)" }
                    + ["\(cases.filter { $0.closeVerdict.isFailure }.count)"]
            )
        }
        var lines = [self.table([header] + rows)]
        let failing = report.cases.filter(\.failsGate)
        if !failing.isEmpty {
            lines.append("")
            lines.append("Failing cases:")
            for item in failing {
                let reason = item.verdict.isFailure ? item.reason : item.closeReason
                let verdict = item.verdict.isFailure ? item.verdict.rawValue : "close \(item.closeVerdict.rawValue)"
                lines.append("  \(item.id)  \(verdict)  \(reason)")
            }
        }
        if let baseline = report.baseline {
            lines.append("")
            lines.append(
                "Against baseline \(baseline.baselinePath): \(baseline.regressions.count) worse, "
                    + "\(baseline.improvements.count) better, \(baseline.newCases.count) new, "
                    + "\(baseline.missingCases.count) not run"
            )
            for change in baseline.regressions {
                let gate = change.failsGate ? "" : " (allowed)"
                lines.append("  worse   \(change.id)  \(change.before) -> \(change.after)\(gate)")
            }
            for change in baseline.improvements {
                lines.append("  better  \(change.id)  \(change.before) -> \(change.after)")
            }
        }
        let seconds = report.durationMilliseconds / 1000
        let status = report.complete ? "" : " (interrupted: partial results)"
        lines.append("")
        lines.append(
            "\(report.summary.total) cases, \(report.summary.failed) failing, in \(Self.format(seconds)) s\(status)"
        )
        return lines.joined(separator: "\n")
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int](repeating: 0, count: rows.first?.count ?? 0)) { widths, row in
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 0
                    ? cell.padding(to: widths[index]) : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - self.count))
    }
}
