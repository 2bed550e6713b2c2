import ArgumentParser
import Foundation
import Fuzzing
import GauntletCore
import MessageSchema

extension Gauntlet {
    /// Runs a saved finding's reproducer again and exits 1 while it still reproduces, so a finding becomes a
    /// regression test: `gauntlet replay reports/fuzz/my-server/findings/crash-1a2b3c4d || echo still broken`.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a fuzz finding; exit 1 while it still reproduces, 0 once it is fixed.",
            discussion: """
                Uses the target, --launch command, protocol, prelude and oracle files recorded in finding.json; \
                the options override them. Exit codes: 0 fixed, 1 still reproduces, 2 usage or input error, \
                3 target unreachable.
                """
        )

        @Argument(help: "A finding folder, e.g. reports/fuzz/my-server/findings/crash-1a2b3c4d")
        var finding: String

        @Option(name: .long, help: "Replay against this URL instead of the recorded one.")
        var target: String?

        @Option(
            name: .long, help: "Start the target with this command instead of the recorded one; {port} is filled in.")
        var launch: String?

        @Flag(name: .customLong("no-launch"), help: "Do not start the target even if the finding recorded a command.")
        var noLaunch = false

        @Flag(name: .customLong("allow-remote"), help: "Allow a target that is not on this machine.")
        var allowRemote = false

        func run() async throws {
            let saved: (finding: FuzzFinding, reproducer: FuzzInput)
            do {
                saved = try FindingStore.load(folder: self.finding)
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            let finding = saved.finding
            let launch = self.noLaunch ? nil : (self.launch ?? finding.launch)
            let url = self.target ?? finding.target
            var options = try FuzzOptions.parse([])
            options.protocol = finding.protocolPath
            options.prelude = finding.preludePath
            options.oracles = finding.oraclesPath
            options.launch = launch
            options.allowRemote = self.allowRemote
            options.replyTimeout = "\(finding.replyTimeoutMilliseconds)ms"
            options.hangTimeout = "\(finding.hangTimeoutMilliseconds)ms"
            options.seed = finding.seed
            options.iterations = 1
            let configuration: FuzzConfiguration
            do {
                try options.validate(url: url)
                configuration = try options.configuration(url: url)
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            let replayed: (hits: [FuzzOracle.Hit], log: String?)
            do {
                replayed = try await FuzzCampaign(configuration).replay(saved.reproducer)
            } catch {
                Console.error("error: \(error)")
                throw ExitCode(ExitStatus.unreachable)
            }
            let key = FuzzOracle.Hit(oracle: finding.oracle, signature: finding.signature, detail: "").key
            let others = replayed.hits.filter { $0.key != key }.map(\.key)
            if replayed.hits.contains(where: { $0.key == key }) {
                print("REPRODUCES: \(finding.id): \(finding.oracle.rawValue) (\(finding.signature))")
                if let log = replayed.log, !log.isEmpty { print("server log:\n\(log.suffix(2000))") }
                throw ExitCode(ExitStatus.failed)
            }
            print("FIXED: \(finding.id) no longer reproduces against \(configuration.target)")
            if !others.isEmpty { print("note: other oracles fired: \(others.joined(separator: "; "))") }
            throw ExitCode(ExitStatus.passed)
        }
    }
}
