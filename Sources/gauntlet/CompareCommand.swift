import ArgumentParser
import Foundation
import Reporting

extension Gauntlet {
    /// Puts the reports of several targets side by side, for a protocol served from several runtimes.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the results of several targets and show where they disagree.",
            discussion: """
                Each argument is a results.json, an agent folder holding one, or a report root with agent folders.
                Writes comparison.md, comparison.json, comparison.html, junit.xml (one testsuite per target) and
                autobahn/index.json (every agent) into --output, and prints the targets' verdict counts and the
                cases where they disagree.
                """
        )

        @Argument(help: "Report folders or results.json files, e.g. reports/ or reports/node-ws reports/go.")
        var inputs: [String]

        @Option(name: .long, help: "Folder to write the comparison into.")
        var output: String = "reports"

        @Flag(name: .long, help: "Exit with status 1 when targets disagree on any case.")
        var failOnDisagreement = false

        func validate() throws {
            guard !self.inputs.isEmpty else { throw ValidationError("give at least one report folder") }
        }

        func run() throws {
            let reports: [RunReport]
            do {
                let paths = try self.inputs.flatMap { input throws(ReportFileError) in
                    try ReportReader.resultsFiles(in: input)
                }
                reports = try Self.load(paths)
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            let matrix = CrossRuntimeMatrix(reports)
            print(matrix.renderText())
            do {
                try Self.write(reports, matrix: matrix, to: self.output)
            } catch {
                Console.error("error: could not write the comparison: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            print("Comparison: \(self.output)/comparison.html")
            if self.failOnDisagreement && !matrix.disagreements.isEmpty {
                throw ExitCode(ExitStatus.failed)
            }
        }

        /// Writes the comparison files of `reports` into `output`; `run --config` uses it for `<dir>/compare/`.
        static func write(_ reports: [RunReport], matrix: CrossRuntimeMatrix, to output: String) throws {
            try ReportWriter.writeAtomically(Data(matrix.renderMarkdown().utf8), to: "\(output)/comparison.md")
            try ReportWriter.writeAtomically(try matrix.jsonData(), to: "\(output)/comparison.json")
            try ReportWriter.writeAtomically(Data(HTMLReport.render(reports).utf8), to: "\(output)/comparison.html")
            try ReportWriter.writeAtomically(Data(JUnitWriter.render(reports).utf8), to: "\(output)/junit.xml")
            for (name, data) in try AutobahnWriter.files(reports) {
                try ReportWriter.writeAtomically(data, to: "\(output)/autobahn/\(name)")
            }
        }

        /// Reads every file, refusing two reports for the same agent, which would make the matrix ambiguous.
        static func load(_ paths: [String]) throws -> [RunReport] {
            var seen: [String: String] = [:]
            var reports: [RunReport] = []
            for path in paths {
                let report = try ReportReader().read(path: path)
                if let other = seen[report.agent] {
                    throw ValidationError("\(path) and \(other) are both for agent '\(report.agent)'")
                }
                seen[report.agent] = path
                reports.append(report)
            }
            return reports
        }
    }
}
