import ArgumentParser
import GauntletCore

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

    @Option(name: .long, help: "Directory to write reports into.")
    var reportDir: String = "reports"

    func validate() throws {
        guard self.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard self.timeoutScale > 0, self.timeoutScale <= 1000 else {
            throw ValidationError("--timeout-scale must be above 0 and at most 1000")
        }
        let filter = self.filter
        guard !Catalogue.cases(matching: filter).isEmpty else {
            throw ValidationError("no case matches --cases '\(self.cases ?? "")' minus --exclude '\(self.exclude ?? "")'")
        }
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
