import ArgumentParser
import Foundation
import GauntletCore
import Reporting

/// Options shared by every command that runs cases, so `run` and `demo` spell them the same way.
///
/// Values are optional so that, next to `--config`, exactly the options given override the config file;
/// `RunSettings` fills in the defaults.
struct RunOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Comma-separated case ids or globs to run, catalogue and scenarios alike, e.g. '1.*,2.1,S.subscribe-*'. "
                + "Default: the scenarios when there are any, otherwise the whole catalogue."))
    var cases: String?

    @Option(name: .long, help: "Comma-separated case ids or globs to skip.")
    var exclude: String?

    @Option(name: .long, help: "Cases to run at once, each on its own connection. Default: 16.")
    var jobs: Int?

    @Option(
        name: .long, help: "Multiply every time limit by this factor, for slow machines or remote targets. Default: 1.")
    var timeoutScale: Double?

    @Option(name: .long, help: "Directory to write reports into, as <report-dir>/<agent>/. Default: reports.")
    var reportDir: String?

    @Option(name: .long, help: "Run only shard K of N (e.g. 2/4), a deterministic split; join with 'gauntlet merge'.")
    var shard: String?

    @Option(name: .long, help: "The protocol definition scenarios are checked against (AsyncAPI, WS API, JSON Schema).")
    var `protocol`: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Scenario files, folders or globs, comma-separated, e.g. 'scenarios/agent-dashboard/*.yaml'. "
                + "Without --cases only the scenarios run; --cases picks from both ('*' is everything)."))
    var scenarios: String?

    @OptionGroup var gate: GateOptions

    func validate() throws {
        if let jobs = self.jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let scale = self.timeoutScale, scale <= 0 || scale > 1000 {
            throw ValidationError("--timeout-scale must be above 0 and at most 1000")
        }
        _ = try self.shardSpec()
    }

    func shardSpec() throws -> ShardSpec? {
        guard let shard = self.shard else { return nil }
        do {
            return try ShardSpec(parsing: shard)
        } catch {
            throw ValidationError("--shard: \(error)")
        }
    }

    /// The scenario patterns given with `--scenarios`, nil when none.
    var scenarioPatterns: [String]? {
        self.scenarios.map { CaseFilter.patterns($0) }
    }
}
