import GauntletCore

/// The versioned result model every report format is written from; writers never re-run or re-judge.
///
/// `formatVersion` changes whenever a field changes meaning, so scripts reading `results.json` can refuse what
/// they do not understand instead of misreading it.
public struct RunReport: Sendable, Codable {
    public static let currentFormatVersion = 1

    public var formatVersion = RunReport.currentFormatVersion
    public var tool: String
    public var agent: String
    /// The target URL, with secrets in its query redacted.
    public var target: String
    /// ISO 8601, UTC.
    public var startedAt: String
    public var durationMilliseconds: Double
    /// False when the run was interrupted and `cases` holds only what finished.
    public var complete: Bool
    public var summary: Summary
    /// The gate the run was judged by (`GatePolicy.summary`); `failsGate` and `summary.failed` follow it.
    public var gate: String?
    /// How this run compares with `--baseline`, when one was given.
    public var baseline: BaselineComparison?
    public var cases: [CaseReport]

    /// A report from a run's results. `secrets` are values to redact wherever they appear (tokens a config read from the
    /// environment); a scenario's own secrets come with its observation.
    public init(
        tool: String,
        agent: String,
        target: String,
        startedAt: String,
        durationMilliseconds: Double,
        complete: Bool,
        results: [CaseResult],
        secrets: Set<String> = []
    ) {
        self.init(
            tool: tool,
            agent: agent,
            target: SecretScrubber(secrets).text(target),
            startedAt: startedAt,
            durationMilliseconds: durationMilliseconds,
            complete: complete,
            cases: results.map { CaseReport($0, secrets: secrets) }
        )
    }

    /// A report from cases already reported, for `merge` and for readers that rebuild a run.
    public init(
        tool: String,
        agent: String,
        target: String,
        startedAt: String,
        durationMilliseconds: Double,
        complete: Bool,
        cases: [CaseReport]
    ) {
        self.tool = tool
        self.agent = agent
        self.target = Redaction.url(target)
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.complete = complete
        self.cases = cases
        self.summary = Summary(cases)
    }

    /// This report with `failsGate` and the failure count recomputed from the stored verdicts under `policy`, or,
    /// with a baseline, failing only the cases that got worse than it (and new cases the policy fails).
    public func gated(by policy: GatePolicy, baseline: Baseline? = nil) -> RunReport {
        var report = self
        let comparison = baseline?.compare(self, policy: policy)
        let regressions = Set(comparison?.regressions.filter(\.failsGate).map(\.id) ?? [])
        for index in report.cases.indices {
            let item = report.cases[index]
            let failsPolicy = policy.fails(verdict: item.verdict, closeVerdict: item.closeVerdict)
            if let baseline, baseline.expected(for: item.id) != nil {
                report.cases[index].failsGate = regressions.contains(item.id)
            } else {
                report.cases[index].failsGate = failsPolicy
            }
        }
        report.gate = policy.summary + (baseline.map { "; only regressions against \($0.path) fail" } ?? "")
        report.baseline = comparison
        report.summary = Summary(report.cases)
        return report
    }

    /// Counts by verdict, for the summary table and for a gate that only reads totals.
    public struct Summary: Sendable, Codable {
        public var total: Int
        /// Cases that fail a CI gate: FAILED, or a close verdict of FAILED, UNCLEAN, WRONG CODE or FAILED BY CLIENT.
        public var failed: Int
        public var verdicts: [String: Int]
        public var closeVerdicts: [String: Int]

        init(_ cases: [CaseReport]) {
            self.total = cases.count
            self.failed = cases.filter(\.failsGate).count
            self.verdicts = Dictionary(grouping: cases, by: \.verdict.rawValue).mapValues(\.count)
            self.closeVerdicts = Dictionary(grouping: cases, by: \.closeVerdict.rawValue).mapValues(\.count)
        }
    }
}
