import ArgumentParser
import Foundation
import GauntletCore
import Reporting

/// Options shared by every command that runs cases, so `run` and `demo` spell them the same way.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: "Comma-separated case ids or globs to run, e.g. '1.*,2.1'. Default: all.")
    var cases: String?

    @Option(name: .long, help: "Comma-separated case ids or globs to skip.")
    var exclude: String?

    @Option(name: .long, help: "Cases to run at once, each on its own connection.")
    var jobs: Int = Runner.defaultJobs

    @Option(name: .long, help: "Multiply every time limit by this factor, for slow machines or remote targets.")
    var timeoutScale: Double = 1

    @Option(name: .long, help: "Directory to write reports into, as <report-dir>/<agent>/.")
    var reportDir: String = "reports"

    @Option(name: .long, help: "Run only shard K of N (e.g. 2/4), a deterministic split; join with 'gauntlet merge'.")
    var shard: String?

    @Option(name: .long, help: "The protocol definition scenarios are checked against (AsyncAPI, WS API, JSON Schema).")
    var `protocol`: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Scenario files, folders or globs, comma-separated, e.g. 'scenarios/agent-dashboard/*.yaml'. "
                + "Without --cases only the scenarios run; with it, both."))
    var scenarios: String?

    @OptionGroup var gate: GateOptions

    func validate() throws {
        guard self.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard self.timeoutScale > 0, self.timeoutScale <= 1000 else {
            throw ValidationError("--timeout-scale must be above 0 and at most 1000")
        }
        _ = try self.shardSpec()
        let filter = self.filter
        guard self.scenarios != nil || !Catalogue.cases(matching: filter).isEmpty else {
            throw ValidationError(
                "no case matches --cases '\(self.cases ?? "")' minus --exclude '\(self.exclude ?? "")'")
        }
    }

    func shardSpec() throws -> ShardSpec? {
        guard let shard = self.shard else { return nil }
        do {
            return try ShardSpec(parsing: shard)
        } catch {
            throw ValidationError("--shard: \(error)")
        }
    }

    /// The selected cases in id order, narrowed to this shard.
    func selectedCases() throws -> [Case] {
        var cases: [Case] = []
        if self.scenarios == nil || self.cases != nil {
            cases = Catalogue.cases(matching: self.filter).sorted { $0.id < $1.id }
        }
        if let scenarios = self.scenarios {
            let patterns = scenarios.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
            let suite = ScenarioSuite.load(protocolPath: self.protocol, patterns: patterns)
            guard suite.errors.isEmpty else {
                throw ScenarioFileErrors(errors: suite.errors)
            }
            guard !suite.cases.isEmpty else {
                throw ValidationError("--scenarios '\(scenarios)' names no scenario file")
            }
            cases += suite.cases.filter { CaseFilter(exclude: self.filter.exclude).includes($0.id) }
        }
        return try self.shardSpec()?.select(cases) ?? cases
    }

    var filter: CaseFilter {
        CaseFilter(include: CaseFilter.patterns(self.cases), exclude: CaseFilter.patterns(self.exclude))
    }

    var limits: RunLimits {
        var limits = RunLimits()
        limits.timeoutScale = self.timeoutScale
        return limits
    }
}
