/// A case, what was observed running it, and the judgement: the unit every report is built from.
public struct CaseResult: Sendable {
    public var testCase: Case
    public var observation: Observation
    public var judgement: Judgement
    /// When the case started on this machine's monotonic clock (its events are stamped relative to it), so results
    /// of cases that ran side by side can be put on one timeline; nil for a result not made by a run.
    public var started: ContinuousClock.Instant?

    public init(testCase: Case, observation: Observation) {
        self.testCase = testCase
        self.observation = observation
        self.judgement = Judge.judge(testCase, observation)
    }

    /// True when the target could not be reached at all, which the CLI reports with its own exit code.
    public var targetUnreachable: Bool {
        if case .unreachable = self.observation.handshake { return true }
        return false
    }
}
