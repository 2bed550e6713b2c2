import Foundation
import GauntletCore

/// Joins the results of shards of one run (`gauntlet merge`) into the report a single machine would have written,
/// so the CI matrix's pieces gate and publish as one.
public enum ReportMerger {
    /// Requires one agent and disjoint cases; orders cases by id; complete only if every shard was.
    public static func merge(_ reports: [(path: String, report: RunReport)]) throws(ReportMergeError) -> RunReport {
        guard let first = reports.first else { throw ReportMergeError(message: "no results files to merge") }
        var seen: [String: String] = [:]
        var cases: [CaseReport] = []
        for (path, report) in reports {
            guard report.agent == first.report.agent else {
                throw ReportMergeError(
                    message: "\(path) is for agent '\(report.agent)' but \(first.path) is for '\(first.report.agent)'; "
                        + "merge joins shards of one target (use compare for several)"
                )
            }
            for item in report.cases {
                if let other = seen[item.id] {
                    throw ReportMergeError(message: "case \(item.id) is in both \(other) and \(path)")
                }
                seen[item.id] = path
                cases.append(item)
            }
        }
        cases.sort { CaseID($0.id) < CaseID($1.id) }
        let starts = reports.map(\.report.startedAt).sorted()
        var merged = RunReport(
            tool: first.report.tool,
            agent: first.report.agent,
            target: first.report.target,
            startedAt: starts.first ?? first.report.startedAt,
            durationMilliseconds: reports.map(\.report.durationMilliseconds).max() ?? 0,
            complete: reports.allSatisfy(\.report.complete),
            cases: cases
        )
        merged.gate = first.report.gate
        return merged
    }
}

/// Shards that cannot be joined.
public struct ReportMergeError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public var description: String { self.message }
}
