import ArgumentParser
import Foundation
import Reporting

extension Gauntlet {
    /// Manages the baseline file that `--baseline` gates against.
    struct BaselineCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Manage the accepted results that --baseline gates against.",
            subcommands: [Update.self]
        )

        /// Locks in a run's outcomes, after a team has looked at the changes and accepted them.
        struct Update: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Rewrite a baseline from a results.json.",
                discussion: """
                    Writes an expected-results file, one case per line ({"1.1.1": {"verdict": "OK", \
                    "closeVerdict": "OK"}, ...}), so reviews see exactly which cases moved.
                    """
            )

            @Argument(help: "The results.json of the run to accept.")
            var results: String

            @Option(name: .long, help: "The baseline file to write.")
            var baseline: String

            func run() throws {
                let report: RunReport
                do {
                    report = try ReportReader().read(path: self.results)
                } catch {
                    Console.error("error: \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
                let previous =
                    FileManager.default.fileExists(atPath: self.baseline)
                    ? try? Baseline.load(path: self.baseline) : nil
                do {
                    try ReportWriter.writeAtomically(
                        Data(Baseline.expectedResultsText(for: report).utf8),
                        to: self.baseline
                    )
                } catch {
                    Console.error("error: cannot write \(self.baseline): \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
                if let previous {
                    let comparison = previous.compare(report, policy: .standard)
                    print(
                        "Updated \(self.baseline): \(report.cases.count) cases; "
                            + "\(comparison.regressions.count) got worse, \(comparison.improvements.count) got better, "
                            + "\(comparison.newCases.count) new, \(comparison.missingCases.count) dropped."
                    )
                } else {
                    print("Wrote \(self.baseline): \(report.cases.count) cases.")
                }
            }
        }
    }
}
