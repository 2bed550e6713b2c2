import ArgumentParser
import Foundation

/// The `gauntlet` command: WebSocket conformance testing and fuzzing for servers in any runtime.
@main
struct Gauntlet: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gauntlet",
        abstract: "Test a WebSocket server against RFC 6455, its own protocol, and hostile input.",
        discussion: """
            Exit codes: 0 no case failed, 1 some case failed, 2 usage or input error, 3 target unreachable.
            """,
        version: Gauntlet.version,
        subcommands: [
            Run.self, Init.self, Cases.self, Serve.self, Demo.self, Compare.self, BaselineCommand.self, Merge.self,
            Schema.self, Scenario.self, Fuzz.self, Replay.self,
        ]
    )

    /// Parses and runs, mapping ArgumentParser's usage errors to exit code 2 as our documented gate contract says.
    static func main() async {
        do {
            var command = try self.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = self.exitCode(for: error)
            let message = self.fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
        }
    }
}

/// The gate contract, in one place.
enum ExitStatus {
    static let passed: Int32 = 0
    static let failed: Int32 = 1
    static let usage: Int32 = 2
    static let unreachable: Int32 = 3
    static let interrupted: Int32 = 130

    /// From least to most severe, for runs over several targets: a case failing is less severe than a target that
    /// could not be tested at all, which is less severe than a config or input error that makes every result
    /// suspect; an interrupted run is incomplete whatever else happened.
    static let severityOrder: [Int32] = [passed, failed, unreachable, usage, interrupted]

    /// The most severe of `statuses` by `severityOrder`; 0 for none.
    static func worst(_ statuses: [Int32]) -> Int32 {
        statuses.max { (severityOrder.firstIndex(of: $0) ?? 0) < (severityOrder.firstIndex(of: $1) ?? 0) } ?? passed
    }

    /// A status in words, for the per-target summary.
    static func meaning(_ status: Int32) -> String {
        switch status {
        case passed: "0 passed"
        case failed: "1 cases failed"
        case usage: "2 usage, config or input error"
        case unreachable: "3 unreachable or did not start"
        case interrupted: "130 interrupted"
        default: "\(status)"
        }
    }
}
