import GauntletCore

/// A short Markdown report for `$GITHUB_STEP_SUMMARY` and pull-request comments: the totals, then only what
/// failed or changed, so a reader sees in seconds which case broke and why.
///
/// Tables are capped at `rowLimit` rows and cells at `cellLimit` characters, keeping the text far below GitHub's
/// 1 MiB summary limit whatever the target sends.
public enum MarkdownSummary {
    static let rowLimit = 50
    static let cellLimit = 240

    public static func render(_ report: RunReport) -> String {
        var lines: [String] = []
        let failing = report.cases.filter(\.failsGate)
        let icon = failing.isEmpty && report.complete ? "✅" : "❌"
        let headline =
            failing.isEmpty
            ? "all \(report.summary.total) cases pass the gate"
            : "\(failing.count) of \(report.summary.total) cases fail the gate"
        lines.append("### \(icon) Gauntlet: \(Self.cell(report.agent)) — \(headline)")
        lines.append("")
        var facts = [
            "Target `\(Self.code(report.target))`", report.tool,
            "\(JUnitWriter.seconds(report.durationMilliseconds)) s",
        ]
        if !report.complete { facts.append("**interrupted: partial results**") }
        lines.append(facts.joined(separator: " · "))
        if let gate = report.gate { lines += ["", "Gate: \(Self.cell(gate))"] }
        lines.append("")
        let verdicts: [Verdict] = [.ok, .nonStrict, .informational, .unimplemented, .failed]
        lines.append("| " + verdicts.map(\.rawValue).joined(separator: " | ") + " | close not OK |")
        lines.append("|" + String(repeating: "---:|", count: verdicts.count + 1))
        let counts = verdicts.map { "\(report.summary.verdicts[$0.rawValue] ?? 0)" }
        let closeNotOK = report.cases.filter { $0.closeVerdict != .ok }.count
        lines.append("| " + counts.joined(separator: " | ") + " | \(closeNotOK) |")
        if !failing.isEmpty {
            lines += ["", "#### Failing cases", ""]
            lines += Self.table(
                ["case", "verdict", "close", "why"],
                failing.map { [$0.id, $0.verdict.rawValue, Self.close($0), JUnitWriter.failureMessage($0)] }
            )
        }
        if let baseline = report.baseline {
            lines += Self.changes(baseline)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func changes(_ baseline: BaselineComparison) -> [String] {
        var lines = ["", "#### Changes since the baseline `\(Self.code(baseline.baselinePath))`", ""]
        if baseline.regressions.isEmpty && baseline.improvements.isEmpty {
            lines.append("No case changed.")
        }
        for (title, changes) in [("Regressions", baseline.regressions), ("Improvements", baseline.improvements)]
        where !changes.isEmpty {
            lines += ["**\(title) (\(changes.count))**", ""]
            lines += Self.table(
                ["case", "baseline", "now", "fails gate", "why"],
                changes.map { [$0.id, $0.before, $0.after, $0.failsGate ? "yes" : "no", $0.reason] }
            )
            lines.append("")
        }
        if !baseline.newCases.isEmpty {
            lines.append("New cases, not in the baseline: \(baseline.newCases.count).")
        }
        if !baseline.missingCases.isEmpty {
            lines.append("Baseline cases not run: \(baseline.missingCases.count).")
        }
        return lines
    }

    private static func close(_ item: CaseReport) -> String {
        item.closeVerdict.rawValue + (item.remoteCloseCode.map { " (\($0))" } ?? "")
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        var lines = [
            "| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count),
        ]
        for row in rows.prefix(Self.rowLimit) {
            lines.append("| " + row.map(Self.cell).joined(separator: " | ") + " |")
        }
        if rows.count > Self.rowLimit {
            lines += ["", "… and \(rows.count - Self.rowLimit) more; see results.json."]
        }
        return lines
    }

    /// Table-safe text: no pipes, line breaks or HTML, and bounded.
    static func cell(_ text: String) -> String {
        let flat = EventText.truncated(text, to: Self.cellLimit)
        var out = ""
        for character in flat {
            switch character {
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// Text safe inside a code span.
    private static func code(_ text: String) -> String {
        EventText.truncated(text, to: Self.cellLimit).replacingBackticks()
    }
}

extension String {
    fileprivate func replacingBackticks() -> String {
        String(self.map { $0 == "`" || $0 == "\n" ? "'" : $0 })
    }
}
