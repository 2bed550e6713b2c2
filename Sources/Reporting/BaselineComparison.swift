import GauntletCore

/// How a run differs from its baseline, kept in the report so every format can show what changed without
/// reading the baseline again.
public struct BaselineComparison: Sendable, Codable, Hashable {
    /// One case whose outcome moved.
    public struct Change: Sendable, Codable, Hashable {
        public var id: String
        /// The baseline's outcome, e.g. `OK / close OK` (close omitted when the baseline does not fix it).
        public var before: String
        /// This run's outcome.
        public var after: String
        /// Why the case was judged as it is now.
        public var reason: String
        /// Whether this change fails the gate: it got worse, to an outcome `--allow` does not accept.
        public var failsGate: Bool
    }

    public var baselinePath: String
    /// Cases that got worse.
    public var regressions: [Change] = []
    /// Cases that got better; the baseline can be updated to lock them in.
    public var improvements: [Change] = []
    /// Cases this run has that the baseline lacks; the plain gate policy judges them.
    public var newCases: [String] = []
    /// Cases the baseline has that this run did not run (filtered out, sharded away, or removed).
    public var missingCases: [String] = []

    public init(baselinePath: String) {
        self.baselinePath = baselinePath
    }
}
