import ArgumentParser
import Foundation
import GauntletCore
import Reporting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `gauntlet run --config FILE`: every target of the config, one after another, each through the same
/// `CaseRunSession` a single URL uses, then the comparison across them.
///
/// Everything that can be wrong in the file is resolved for every target before the first server starts, so a
/// typo costs seconds, not a half-finished CI job. One target failing to launch or to answer does not stop the
/// others; the exit status is the worst over targets (see `ExitStatus.worst`).
struct ConfigRunSession {
    let config: RunConfig
    let options: RunOptions
    /// Target names or globs to run (`--targets`); empty runs all.
    let only: [String]
    /// Print the plan and stop before starting or contacting anything.
    var dryRun = false

    func execute() async -> Int32 {
        for warning in self.config.warnings { Console.error("warning: \(warning)") }
        let plans: [(RunConfig.TargetEntry, RunSettings)]
        do {
            plans = try self.plan()
        } catch {
            Console.error("error: \(error)")
            return ExitStatus.usage
        }
        if self.dryRun {
            print(self.describe(plans))
            return ExitStatus.passed
        }
        LaunchedProcessGroups.shared.stopOnTermination()
        let interrupt = InterruptHandler(message: "\nInterrupted: no further target starts (Ctrl-C again to quit).")
        let (statuses, reports) = await interrupt.cancellingOnInterrupt { [self] in
            var statuses: [(String, Int32)] = []
            var reports: [RunReport] = []
            for (entry, settings) in plans {
                guard !Task.isCancelled else {
                    statuses.append((entry.name, ExitStatus.interrupted))
                    continue
                }
                print("== \(entry.name) ==")
                let outcome = await self.run(entry, settings: settings)
                statuses.append((entry.name, outcome.status))
                if let report = outcome.report { reports.append(report) }
                if outcome.status == ExitStatus.interrupted { break }
            }
            return (statuses, reports)
        }
        var status = ExitStatus.worst(statuses.map(\.1))
        if let written = self.writeComparison(reports, directory: plans.first?.1.reportDirectory) {
            status = ExitStatus.worst([status, written])
        }
        print(self.summary(statuses))
        return status
    }

    /// Settings for every selected target, or the first error.
    private func plan() throws -> [(RunConfig.TargetEntry, RunSettings)] {
        let selected = self.config.targets.filter { entry in
            self.only.isEmpty || self.only.contains { fnmatch($0, entry.name, 0) == 0 }
        }
        guard !selected.isEmpty else {
            let names = self.config.targets.map(\.name).joined(separator: ", ")
            throw ValidationError("--targets '\(self.only.joined(separator: ","))' matches none of: \(names)")
        }
        let scenarios = try RunSettings.scenarios(self.options, config: self.config)
        return try selected.map { entry in
            (entry, try RunSettings.resolve(self.options, config: self.config, target: entry, scenarios: scenarios))
        }
    }

    /// Starts the target when the config says how, runs its cases, saves the server's log beside its report.
    private func run(_ entry: RunConfig.TargetEntry, settings: RunSettings) async -> CaseRunSession.Outcome {
        let running: RunningTarget
        do {
            running = try await RunningTarget.start(entry)
        } catch {
            Console.error("error: target \(entry.name) did not start: \(Self.redact("\(error)", settings.secrets))")
            self.saveLog(error.log, target: entry.name, settings: settings)
            let outcome = CaseRunSession.Outcome(status: ExitStatus.unreachable, problem: "did not start: \(error)")
            self.saveProblem(outcome, target: entry.name, settings: settings)
            return outcome
        }
        let outcome: CaseRunSession.Outcome
        do {
            let target = try Target(url: running.url)
            outcome = await CaseRunSession(target: target, agent: entry.name, settings: settings).execute()
        } catch {
            Console.error("error: target \(entry.name): \(error)")
            outcome = CaseRunSession.Outcome(status: ExitStatus.usage)
        }
        await running.stop()
        self.saveProblem(outcome, target: entry.name, settings: settings)
        if let log = running.log() {
            self.saveLog(log, target: entry.name, settings: settings)
            if outcome.status == ExitStatus.unreachable {
                let tail = Self.redact(String(log.suffix(2000)), settings.secrets)
                Console.error("The end of \(entry.name)'s output:\n\(tail)")
            }
        }
        return outcome
    }

    /// `text` with every secret the config read from the environment replaced.
    static func redact(_ text: String, _ secrets: Set<String>) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "REDACTED") }
    }

    /// A `summary.md` for a target no case ran against, so `cat reports/*/summary.md` in CI shows it failed
    /// instead of leaving it out.
    private func saveProblem(_ outcome: CaseRunSession.Outcome, target: String, settings: RunSettings) {
        guard outcome.report == nil, let problem = outcome.problem else { return }
        let text = Self.redact(problem, settings.secrets)
        let summary = "## ❌ \(target): no case ran\n\n```\n\(text.prefix(4000))\n```\n"
        let path = ReportWriter(directory: settings.reportDirectory).agentDirectory(agent: target) + "/summary.md"
        do {
            try ReportWriter.writeAtomically(Data(summary.utf8), to: path)
        } catch {
            Console.error("warning: could not save \(path): \(error)")
        }
    }

    private func saveLog(_ log: String?, target: String, settings: RunSettings) {
        guard var log else { return }
        // A server may print the keys its environment gave it; they must not reach the reports folder.
        log = Self.redact(log, settings.secrets)
        let path = ReportWriter(directory: settings.reportDirectory).agentDirectory(agent: target) + "/server.log"
        do {
            try ReportWriter.writeAtomically(Data(log.utf8), to: path)
        } catch {
            Console.error("warning: could not save \(path): \(error)")
        }
    }

    /// `<dir>/compare/` when two or more targets reported, and Autobahn's `outdir/index.json` for a
    /// fuzzingclient.json; returns an exit status only when writing failed.
    private func writeComparison(_ reports: [RunReport], directory: String?) -> Int32? {
        guard let directory, !reports.isEmpty else { return nil }
        do {
            if reports.count > 1 {
                let matrix = CrossRuntimeMatrix(reports)
                print(matrix.renderText())
                let folder = directory + "/" + RunConfigLoader.comparisonFolder
                try Gauntlet.Compare.write(reports, matrix: matrix, to: folder)
                print("Comparison: \(folder)/comparison.html")
            }
            if let outdir = self.config.autobahnDirectory {
                for (name, data) in try AutobahnWriter.files(reports) {
                    try ReportWriter.writeAtomically(data, to: "\(outdir)/\(name)")
                }
                // Autobahn users open outdir/index.html; give them the matrix there.
                try ReportWriter.writeAtomically(Data(HTMLReport.render(reports).utf8), to: "\(outdir)/index.html")
                print("Autobahn index: \(outdir)/index.json")
            }
        } catch {
            Console.error("error: could not write the comparison: \(error)")
            return ExitStatus.usage
        }
        return nil
    }

    /// The plan in words: per target where it is, how it starts, what runs and how it is judged.
    private func describe(_ plans: [(RunConfig.TargetEntry, RunSettings)]) -> String {
        plans.map { entry, settings in
            let ids = settings.cases.map(\.id.rawValue)
            let shown = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", ..." : "")
            var lines = ["\(entry.name): \(entry.url)"]
            if let launch = entry.launch { lines.append("  launch: \(launch) (in \(entry.workingDirectory))") }
            lines.append("  \(ids.count) case\(ids.count == 1 ? "" : "s"): \(shown)")
            lines.append("  jobs \(settings.jobs), timeout scale \(settings.limits.timeoutScale)")
            let formats = settings.formats.map(\.rawValue).joined(separator: ", ")
            lines.append("  reports: \(settings.reportDirectory)/\(entry.name)/ (\(formats))")
            lines.append(
                "  gate: \(settings.policy.summary)" + (settings.baseline.map { "; baseline \($0.path)" } ?? ""))
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private func summary(_ statuses: [(String, Int32)]) -> String {
        let width = statuses.map(\.0.count).max() ?? 0
        return statuses.map { name, status in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + ExitStatus.meaning(status)
        }.joined(separator: "\n")
    }
}
