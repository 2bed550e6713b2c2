import ArgumentParser
import GauntletCore

extension Gauntlet {
    /// Runs the catalogue against a server the user already started.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run conformance cases against a WebSocket server.",
            discussion:
                "Writes <report-dir>/<agent>/results.json plus the --format reports, and prints a summary table."
        )

        @Argument(help: "The server to test, e.g. ws://127.0.0.1:9001/ or ws://[::1]:8080/chat?room=1")
        var url: String

        @Option(name: .long, help: "A name for this server in reports. Default: host_port.")
        var agent: String?

        @OptionGroup var options: RunOptions

        func validate() throws {
            do {
                _ = try Target(url: self.url)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() async throws {
            let target = try Target(url: self.url)
            let agent = self.agent ?? "\(target.host)_\(target.port)"
            let status = await CaseRunSession(target: target, agent: agent, options: self.options).execute()
            throw ExitCode(status)
        }
    }
}
