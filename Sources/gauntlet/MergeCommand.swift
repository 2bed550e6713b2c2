import ArgumentParser
import Foundation
import Reporting

extension Gauntlet {
    /// Joins shard results into one report and gates it, the last step of a sharded CI matrix.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the results.json files of --shard runs into one report.",
            discussion: "Writes <report-dir>/<agent>/ in every chosen format and exits with the gate's status."
        )

        @Argument(help: "results.json files of the shards, or their <report-dir>/<agent> folders.")
        var inputs: [String]

        @Option(name: .long, help: "Directory to write the merged report into, as <report-dir>/<agent>/.")
        var reportDir: String = "reports"

        @OptionGroup var gate: GateOptions

        func validate() throws {
            guard !self.inputs.isEmpty else { throw ValidationError("give at least one results.json") }
        }

        func run() throws {
            do {
                let reports = try self.inputs.map { input in
                    let path = input.hasSuffix(".json") ? input : "\(input)/results.json"
                    return (path: path, report: try ReportReader().read(path: path))
                }
                let report = try ReportMerger.merge(reports)
                    .gated(by: try self.gate.policy(), baseline: try self.gate.loadBaseline())
                let paths = try ReportWriter(directory: self.reportDir).write(report, formats: try self.gate.formats())
                print(SummaryTable.render(report))
                print("Reports: \(paths.joined(separator: ", "))")
                throw ExitCode(report.summary.failed == 0 ? ExitStatus.passed : ExitStatus.failed)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
    }
}
