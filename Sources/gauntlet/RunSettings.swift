import ArgumentParser
import Foundation
import GauntletCore
import Reporting

/// Everything one target's run needs, resolved once from the command line, the config file (when there is one)
/// and the defaults, in that order of precedence, so `run URL` and `run --config` go through the same session.
///
/// Resolving reads every input that can be wrong (baseline, formats, verdict names, the case selection), so a
/// mistake stops the run with exit status 2 before any server is started or contacted.
struct RunSettings {
    var cases: [Case]
    var limits: RunLimits
    var jobs: Int
    var reportDirectory: String
    var formats: [ReportFormat]
    var policy: GatePolicy
    var baseline: Baseline?
    /// Values to redact from the reports by value (what the config read from the environment).
    var secrets: Set<String> = []

    /// The scenario files the options (or else the config) name, loaded once for every target.
    static func scenarios(_ options: RunOptions, config: RunConfig?) throws -> [Case] {
        let patterns = options.scenarioPatterns ?? config?.scenarios ?? []
        guard !patterns.isEmpty else { return [] }
        let protocolPath = options.protocol ?? config?.protocolPath
        let suite = ScenarioSuite.load(protocolPath: protocolPath, patterns: patterns)
        guard suite.errors.isEmpty else { throw ScenarioFileErrors(errors: suite.errors) }
        guard !suite.cases.isEmpty else {
            throw ValidationError("scenarios '\(patterns.joined(separator: ","))' name no scenario file")
        }
        return suite.cases
    }

    /// The settings for one target: command-line options win over the config, the config over the defaults.
    static func resolve(
        _ options: RunOptions, config: RunConfig? = nil, target: RunConfig.TargetEntry? = nil, scenarios: [Case]
    ) throws -> RunSettings {
        let include = options.cases.map { CaseFilter.patterns($0) } ?? target?.cases ?? config?.cases
        let exclude =
            (options.exclude.map { CaseFilter.patterns($0) } ?? config?.excludeCases ?? [])
            + (target?.excludeCases ?? [])
        let selection = CaseSelection(include: include, exclude: exclude, scenarios: scenarios)
        var cases = selection.cases()
        guard !cases.isEmpty else {
            throw ValidationError(selection.emptyExplanation + (target.map { " for target \($0.name)" } ?? ""))
        }
        cases = try options.shardSpec()?.select(cases) ?? cases

        var limits = RunLimits()
        limits.timeoutScale = options.timeoutScale ?? target?.timeoutScale ?? config?.timeoutScale ?? 1
        let gate = options.gate
        let allow = gate.allow.map { GateOptions.names($0) } ?? config?.allow ?? []
        let failOn = gate.failOn.map { GateOptions.names($0) } ?? config?.failOn ?? []
        // Each list is checked alone first, so a wrong name is reported where it was written.
        for (key, names, fromFile) in [
            ("gate.allow", allow, gate.allow == nil), ("gate.fail-on", failOn, gate.failOn == nil),
        ] {
            do {
                _ = try GatePolicy(strict: false, failOn: names)
            } catch {
                throw Self.located(error, config: fromFile ? config : nil, key: key)
            }
        }
        let policy = try GatePolicy(strict: gate.strict ?? config?.strict ?? false, failOn: failOn, allow: allow)
        let formats: [ReportFormat]
        do {
            if let text = gate.format ?? config?.formats?.joined(separator: ",") {
                formats = try ReportFormat.parseList(text)
            } else {
                formats = ReportFormat.defaults
            }
        } catch {
            throw Self.located(error, config: gate.format == nil ? config : nil, key: "reports.formats")
        }
        return RunSettings(
            cases: cases, limits: limits, jobs: options.jobs ?? target?.jobs ?? config?.jobs ?? Runner.defaultJobs,
            reportDirectory: options.reportDir ?? config?.reportDirectory ?? "reports", formats: formats,
            policy: policy, baseline: try Self.baseline(gate, config: config, target: target),
            secrets: config?.secrets ?? [])
    }

    /// `--baseline`, or the config's (per target when it holds `{target}`, where a missing file means the target
    /// has no accepted results yet and is judged by the plain gate).
    private static func baseline(
        _ gate: GateOptions, config: RunConfig?, target: RunConfig.TargetEntry?
    ) throws -> Baseline? {
        if gate.baseline != nil { return try gate.loadBaseline() }
        guard let config, let target, let path = config.baselinePath(for: target.name) else { return nil }
        if config.baselineIsPerTarget, !FileManager.default.fileExists(atPath: path) {
            Console.error("note: no baseline for \(target.name) at \(path); judging it by the plain gate")
            return nil
        }
        return try Baseline.load(path: path)
    }

    /// An error about a value that came from the config file, prefixed with where it is.
    private static func located(_ error: any Error, config: RunConfig?, key: String) -> any Error {
        guard let config else { return ValidationError("\(error)") }
        return ValidationError("\(config.location(of: key)): \(key): \(error)")
    }
}
