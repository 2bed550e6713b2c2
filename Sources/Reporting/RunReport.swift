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
    public var cases: [CaseReport]

    public init(
        tool: String,
        agent: String,
        target: String,
        startedAt: String,
        durationMilliseconds: Double,
        complete: Bool,
        results: [CaseResult]
    ) {
        self.tool = tool
        self.agent = agent
        self.target = Redaction.url(target)
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.complete = complete
        self.cases = results.map(CaseReport.init)
        self.summary = Summary(self.cases)
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
