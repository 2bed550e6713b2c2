import ArgumentParser
import Foundation
import GauntletCore

extension Gauntlet {
    /// Runs the catalogue and scenarios against one server the user already started, or against every target of
    /// a config file (`gauntlet.yaml` or Autobahn's `fuzzingclient.json`), starting the ones it says to launch.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run conformance cases against a WebSocket server, or every target of a config file.",
            discussion:
                "Writes <report-dir>/<agent>/results.json plus the --format reports, and prints a summary table. "
                + "With --config, each target writes <dir>/<target>/ and the comparison goes to <dir>/compare/; "
                + "options given on the command line override the file. The exit status is the worst over "
                + "targets: 2 (config or input error) before 3 (a target unreachable or did not start) before 1 "
                + "(a case failed) before 0; 130 when interrupted."
        )

        @Argument(help: "The server to test, e.g. ws://127.0.0.1:9001/ or ws://[::1]:8080/chat?room=1")
        var url: String?

        @Option(name: .long, help: "A name for this server in reports. Default: host_port.")
        var agent: String?

        @Option(
            name: .long,
            help:
                "A gauntlet.yaml or Autobahn fuzzingclient.json naming the targets, cases and reports; see docs/config.md."
        )
        var config: String?

        @Option(name: .long, help: "With --config: run only these targets (comma-separated names or globs).")
        var targets: String?

        @Flag(name: .long, help: "With --config: print each target's plan (cases, reports, gate) and start nothing.")
        var dryRun = false

        @OptionGroup var options: RunOptions

        /// The config a bare `gauntlet run` uses when the working directory has one.
        static let defaultConfig = "gauntlet.yaml"

        /// `--config`, or `./gauntlet.yaml` when neither a URL nor `--config` is given and that file exists.
        var configPath: String? {
            if let config = self.config { return config }
            guard self.url == nil, FileManager.default.fileExists(atPath: Self.defaultConfig) else { return nil }
            return Self.defaultConfig
        }

        func validate() throws {
            switch (self.url, self.configPath) {
            case (nil, nil):
                throw ValidationError("give the server's URL, or --config with a gauntlet.yaml (none in this folder)")
            case (.some, .some):
                throw ValidationError("give either a URL or --config, not both; the config lists its own targets")
            case (.some(let url), nil):
                guard self.targets == nil, !self.dryRun else {
                    throw ValidationError("--targets and --dry-run need --config")
                }
                do {
                    _ = try Target(url: url)
                } catch {
                    throw ValidationError("\(error)")
                }
            case (nil, .some):
                guard self.agent == nil else {
                    throw ValidationError("--agent names a single URL's target; a config names its targets")
                }
            }
        }

        func run() async throws {
            if let path = self.configPath {
                let config: RunConfig
                do {
                    config = try RunConfigLoader().load(path: path)
                } catch {
                    Console.error("error: \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
                let only = CaseFilter.patterns(self.targets)
                let session = ConfigRunSession(config: config, options: self.options, only: only, dryRun: self.dryRun)
                let status = await session.execute()
                throw ExitCode(status)
            }
            let target = try Target(url: self.url ?? "")
            let agent = self.agent ?? "\(target.host)_\(target.port)"
            let status = await CaseRunSession.execute(target: target, agent: agent, options: self.options)
            throw ExitCode(status)
        }
    }
}
