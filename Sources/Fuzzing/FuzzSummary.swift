/// What a fuzz run did, for the summary and the exit code.
public struct FuzzSummary: Sendable {
    /// The target as findings record it: a launched one with `{port}`, as its port changes with every launch.
    public var target = ""
    public var executions = 0
    public var elapsed: Duration = .zero
    public var findings: [FuzzFinding] = []
    public var corpusSize = 0
    /// Inputs that drew a behaviour not seen before.
    public var novelInputs = 0
    public var restarts = 0
    /// Cases whose prelude did not complete, so their input never ran.
    public var preludeFailures = 0
    /// Why the run ended early, when it did (the target died and could not be restarted).
    public var stoppedBecause: String?

    /// Executions per second over the whole run.
    public var executionsPerSecond: Double {
        let seconds = Double(self.elapsed.components.seconds) + Double(self.elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(self.executions) / seconds : 0
    }
}

/// A snapshot for the live progress line.
public struct FuzzProgress: Sendable {
    public var executions: Int
    public var executionsPerSecond: Double
    public var findings: Int
    public var corpusSize: Int
    public var elapsed: Duration
}
