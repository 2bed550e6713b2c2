import ArgumentParser
import Foundation
import Fuzzing
import GauntletCore
import MessageSchema

extension Gauntlet {
    /// Fuzzes a server at the frame and message level until a count or a time runs out.
    struct Fuzz: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fuzz a WebSocket server: mutated frames and schema-driven messages, judged by oracles.",
            discussion: """
                Findings go to <findings>/<name>/findings/<id>/ with the input, a minimized reproducer and the \
                observation; `gauntlet replay` runs one again. Exit codes: 0 no finding, 1 findings, 2 usage or \
                input error, 3 target unreachable or not launchable. See docs/corpus.md.
                """
        )

        @Argument(help: "The server, e.g. ws://127.0.0.1:9001/ws/dashboard (with --launch, the port may be {port}).")
        var url: String

        @OptionGroup var options: FuzzOptions

        func validate() throws {
            try self.options.validate(url: self.url)
        }

        func run() async throws {
            let configuration: FuzzConfiguration
            do {
                configuration = try self.options.configuration(url: self.url)
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            let line = FuzzProgressLine()
            let outcome = await InterruptHandler().cancellingOnInterrupt { () -> Result<FuzzSummary, FuzzError> in
                do throws(FuzzError) {
                    return .success(try await FuzzCampaign(configuration).run { line.update($0) })
                } catch {
                    return .failure(error)
                }
            }
            line.finish()
            switch outcome {
            case .failure(let error):
                Console.error("error: \(error)")
                if case .input = error { throw ExitCode(ExitStatus.usage) }
                throw ExitCode(ExitStatus.unreachable)
            case .success(let summary):
                FuzzSummaryPrinter.print(summary, configuration: configuration)
                throw ExitCode(summary.findings.isEmpty ? ExitStatus.passed : ExitStatus.failed)
            }
        }
    }
}
