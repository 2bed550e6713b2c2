import Foundation
import Fuzzing

/// The end-of-run summary of `gauntlet fuzz`: the numbers, then one line per finding with where it was saved.
enum FuzzSummaryPrinter {
    static func print(_ summary: FuzzSummary, configuration: FuzzConfiguration) {
        let seconds = Double(summary.elapsed.components.seconds) + Double(summary.elapsed.components.attoseconds) / 1e18
        let time = String(format: "%.1f s (%.0f execs/s)", seconds, summary.executionsPerSecond)
        Swift.print(
            "Fuzzed \(summary.target) with seed \(configuration.seed): \(summary.executions) execs in \(time), "
                + "corpus \(summary.corpusSize) (\(summary.novelInputs) novel inputs), \(summary.restarts) "
                + "restart\(summary.restarts == 1 ? "" : "s")")
        if summary.preludeFailures > 0 {
            Swift.print("warning: the prelude failed in \(summary.preludeFailures) case(s); their inputs did not run")
        }
        if let reason = summary.stoppedBecause { Swift.print("stopped early: \(reason)") }
        guard !summary.findings.isEmpty else {
            Swift.print("No findings.")
            return
        }
        let folder = FindingStore(root: configuration.findingsRoot, target: configuration.targetName).folder.path
        Swift.print("\(summary.findings.count) finding\(summary.findings.count == 1 ? "" : "s") in \(folder):")
        for finding in summary.findings {
            let size =
                finding.minimized
                ? "minimized \(finding.inputBytes) -> \(finding.reproducerBytes) bytes" : "\(finding.inputBytes) bytes"
            let first = String(format: "%.1f", finding.secondsIntoRun)
            Swift.print(
                "  \(finding.id)  \(finding.oracle.rawValue) (\(finding.signature)), \(finding.occurrences)x, "
                    + "first at \(first) s, \(size)")
        }
        Swift.print("Replay one with: gauntlet replay \(folder)/<id>")
    }
}
