import GauntletCore

/// Everything one fuzz run needs, gathered by the CLI (or a test) and handed to `FuzzCampaign`.
public struct FuzzConfiguration: Sendable {
    public var target: Target
    /// A stable name for the target's findings folder (`reports/fuzz/<name>/findings`).
    public var targetName: String
    public var seed: UInt64
    /// Stop after this many inputs; nil runs until `duration` passes.
    public var iterations: Int?
    public var duration: Duration?
    /// Inputs in flight at once, each on its own connection.
    public var jobs: Int
    public var mode: InputGenerator.Mode
    public var endpoint: EndpointCheck?
    public var oracles: OracleConfiguration
    /// The prelude scenario as a loaded case.
    public var prelude: Case?
    /// Seeds are read from here and novel inputs written back; nil uses the built-in seeds and writes nothing.
    public var corpusFolder: String?
    /// Findings go to `<findingsRoot>/<targetName>/findings`.
    public var findingsRoot: String
    public var launch: LaunchSpec?
    /// Wait for the answer to a request.
    public var replyTimeout: Duration = .seconds(1)
    /// No reply and no close for this long after the input (and its close) is a hang; also the probe's limit.
    public var hangTimeout: Duration = .seconds(2)
    /// The largest payload a generator builds (huge strings, control-frame oversizes).
    public var maxPayload = 1 << 20
    /// Test runs one minimization may spend, and its time limit.
    public var minimizeBudget = 96
    public var minimizeTimeLimit: Duration = .seconds(60)
    /// Inputs per generation: a generation draws from the corpus as judged up to two generations before it (the
    /// one before is still running beside it), and this size does not depend on `jobs`, so the inputs of a seed
    /// are the same at any parallelism.
    public var generationSize = 128
    /// Where the inputs came from, recorded in findings for `gauntlet replay`.
    public var protocolPath: String?
    public var preludePath: String?
    public var oraclesPath: String?

    public init(
        target: Target, targetName: String, seed: UInt64, iterations: Int?, duration: Duration?, jobs: Int,
        mode: InputGenerator.Mode, endpoint: EndpointCheck?, oracles: OracleConfiguration, prelude: Case?,
        corpusFolder: String?, findingsRoot: String, launch: LaunchSpec?
    ) {
        self.target = target
        self.targetName = targetName
        self.seed = seed
        self.iterations = iterations
        self.duration = duration
        self.jobs = max(1, jobs)
        self.mode = mode
        self.endpoint = endpoint
        self.oracles = oracles
        self.prelude = prelude
        self.corpusFolder = corpusFolder
        self.findingsRoot = findingsRoot
        self.launch = launch
    }

    /// The run limits of fuzz cases: the hang limit closes the connection, the case limit bounds everything.
    var limits: RunLimits {
        var limits = RunLimits()
        limits.connect = self.hangTimeout
        limits.handshake = self.hangTimeout
        limits.closingHandshake = self.hangTimeout
        limits.write = self.hangTimeout * 2
        limits.caseLimit = self.hangTimeout * 4 + self.replyTimeout + .seconds(10)
        limits.maxTranscriptBytes = 256 * 1024
        limits.maxMessageSize = 16 << 20
        limits.maxFrameSize = 16 << 20
        return limits
    }
}
