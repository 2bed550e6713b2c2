import Foundation
import GauntletCore
import Reporting

/// What `run` and `demo` share: check the target, run the selected cases with progress, write the report, print
/// the summary, and turn the outcome into the gate's exit status.
struct CaseRunSession {
    let target: Target
    let agent: String
    let settings: RunSettings

    /// What a run produced: the gate's exit status and, when cases ran, the report that was written.
    struct Outcome {
        var status: Int32
        var report: RunReport?
        /// Why no case could run (the target unreachable, not started), for a report that has no cases.
        var problem: String?
    }

    /// Resolves the command line's settings and runs; input errors are exit status 2 before anything connects.
    static func execute(target: Target, agent: String, options: RunOptions) async -> Int32 {
        let settings: RunSettings
        do {
            settings = try RunSettings.resolve(options, scenarios: try RunSettings.scenarios(options, config: nil))
        } catch {
            Console.error("error: \(error)")
            return ExitStatus.usage
        }
        return await CaseRunSession(target: target, agent: agent, settings: settings).execute().status
    }

    func execute() async -> Outcome {
        let cases = self.settings.cases
        let runner = Runner(target: self.target, limits: self.settings.limits, jobs: self.settings.jobs)
        do {
            try await runner.checkReachable()
        } catch {
            Console.error("error: cannot reach \(self.target): \(error)")
            return Outcome(status: ExitStatus.unreachable, problem: "cannot reach \(self.target): \(error)")
        }

        let progress = ProgressLine(total: cases.count)
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let interrupt = InterruptHandler()
        let results = await interrupt.cancellingOnInterrupt {
            await runner.run(cases) { result, finished, total in progress.update(result, finished: finished) }
        }
        progress.finish()

        let report = RunReport(
            tool: "gauntlet \(Gauntlet.version)",
            agent: self.agent,
            target: self.target.description,
            startedAt: ISO8601DateFormatter().string(from: startedAt),
            durationMilliseconds: start.duration(to: clock.now).milliseconds,
            complete: results.count == cases.count,
            results: results,
            secrets: self.settings.secrets
        ).gated(by: self.settings.policy, baseline: self.settings.baseline)
        print(SummaryTable.render(report))
        do {
            let paths = try ReportWriter(directory: self.settings.reportDirectory).write(
                report, formats: self.settings.formats)
            print("Reports: \(paths.joined(separator: ", "))")
        } catch {
            Console.error("error: could not write the report: \(error)")
            return Outcome(status: ExitStatus.usage, report: report)
        }
        if results.allSatisfy(\.targetUnreachable) {
            return Outcome(status: ExitStatus.unreachable, report: report)
        }
        if !report.complete { return Outcome(status: ExitStatus.interrupted, report: report) }
        return Outcome(status: report.summary.failed == 0 ? ExitStatus.passed : ExitStatus.failed, report: report)
    }
}

/// Prints to standard error without buffering surprises.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
