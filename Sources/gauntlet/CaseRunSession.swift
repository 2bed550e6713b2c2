import Foundation
import GauntletCore
import Reporting

/// What `run` and `demo` share: check the target, run the selected cases with progress, write the report, print
/// the summary, and turn the outcome into the gate's exit status.
struct CaseRunSession {
    let target: Target
    let agent: String
    let options: RunOptions

    func execute() async -> Int32 {
        let policy: GatePolicy
        let baseline: Baseline?
        let formats: [ReportFormat]
        let cases: [Case]
        do {
            policy = try self.options.gate.policy()
            formats = try self.options.gate.formats()
            baseline = try self.options.gate.loadBaseline()
            cases = try self.options.selectedCases()
        } catch {
            Console.error("error: \(error)")
            return ExitStatus.usage
        }
        let runner = Runner(target: self.target, limits: self.options.limits, jobs: self.options.jobs)
        do {
            try await runner.checkReachable()
        } catch {
            Console.error("error: cannot reach \(self.target): \(error)")
            return ExitStatus.unreachable
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
            results: results
        ).gated(by: policy, baseline: baseline)
        print(SummaryTable.render(report))
        do {
            let paths = try ReportWriter(directory: self.options.reportDir).write(report, formats: formats)
            print("Reports: \(paths.joined(separator: ", "))")
        } catch {
            Console.error("error: could not write the report: \(error)")
            return ExitStatus.usage
        }
        if results.allSatisfy(\.targetUnreachable) {
            return ExitStatus.unreachable
        }
        if !report.complete { return ExitStatus.interrupted }
        return report.summary.failed == 0 ? ExitStatus.passed : ExitStatus.failed
    }
}

/// Prints to standard error without buffering surprises.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
