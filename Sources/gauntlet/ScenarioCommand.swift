import ArgumentParser
import GauntletCore

extension Gauntlet {
    /// Lints scenario files without connecting anywhere, so an editor or CI can catch a typo before a run.
    struct Scenario: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with scenario files.",
            subcommands: [Check.self]
        )
    }
}

extension Gauntlet.Scenario {
    /// `gauntlet scenario check PATH...`: loads every file and prints each error as file:line:column.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files (paths, folders or globs) without connecting.",
            discussion: "Exit status 0 when every file loads, 2 when any has an error."
        )

        @Argument(help: "Scenario files, folders or globs.")
        var paths: [String]

        @Option(name: .long, help: "The protocol definition, so message names and fields are checked too.")
        var `protocol`: String?

        func run() throws {
            let suite = ScenarioSuite.load(protocolPath: self.protocol, patterns: self.paths)
            for error in suite.errors {
                Console.error(error.description)
            }
            for testCase in suite.cases {
                let steps = testCase.scenario?.steps.count ?? 0
                print("ok  \(testCase.id)  \(steps) step\(steps == 1 ? "" : "s")  \(testCase.scenario?.source ?? "")")
            }
            if !suite.errors.isEmpty || suite.cases.isEmpty {
                if suite.cases.isEmpty && suite.errors.isEmpty { Console.error("error: no scenario file found") }
                throw ExitCode(ExitStatus.usage)
            }
        }
    }
}

/// Every scenario file error of a run, one per line, so `run` stops before connecting and names them all.
struct ScenarioFileErrors: Error, CustomStringConvertible {
    let errors: [ScenarioLoadError]

    var description: String {
        "scenario files have errors:\n" + self.errors.map { "  \($0)" }.joined(separator: "\n")
    }
}
