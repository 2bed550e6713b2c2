import GauntletCore

/// Keeps the target of a fuzz run alive and says when it is not: with `--launch` it starts the server on a free
/// loopback port, notices when it exits or dies on a signal, and starts it again; with or without, it probes
/// liveness with a fresh connection (a full opening handshake within the hang limit).
public actor TargetSupervisor {
    /// What the last check found.
    public enum Liveness: Sendable, Hashable {
        case alive
        /// The launched process ended.
        case crashed(ProcessExitStatus)
        /// No answer to a fresh connection within the limit (process still running, or not launched by us).
        case unresponsive(String)
    }

    public private(set) var target: Target
    private let launch: LaunchSpec?
    private let probeLimits: RunLimits
    private var process: TargetProcess?
    public private(set) var restarts = 0

    public init(target: Target, launch: LaunchSpec?, hangTimeout: Duration) {
        self.target = target
        self.launch = launch
        var limits = RunLimits()
        limits.connect = hangTimeout
        limits.handshake = hangTimeout
        limits.closingHandshake = .milliseconds(500)
        limits.caseLimit = hangTimeout * 3
        self.probeLimits = limits
    }

    /// Starts the target (when launching) and checks that it answers; throws `FuzzError.unreachable` otherwise.
    public func start() async throws(FuzzError) {
        if self.launch != nil { try await self.spawn() }
        // Three tries, so one connection lost to a loaded machine does not end the run before it starts.
        var last = ""
        for attempt in 0..<3 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200)) }
            guard case .unresponsive(let why) = await self.probe() else { return }
            last = why
        }
        throw FuzzError.unreachable("\(self.target) does not answer: \(last)")
    }

    private func spawn() async throws(FuzzError) {
        guard let launch else { return }
        do {
            let process = try await TargetProcess.launch(launch)
            self.process = process
            self.target.port = process.port
        } catch {
            throw FuzzError.launchFailed(error.description)
        }
    }

    /// Whether the target is still up: the process first (a crash is certain), then a fresh connection.
    public func check() async -> Liveness {
        if let status = self.process?.exitStatus { return .crashed(status) }
        let probe = await self.probe()
        if probe != .alive, let process = self.process {
            // A dying process may still hold its socket, or not be reaped yet on a loaded machine: give it up to
            // the hang limit to show its exit status, so a crash is not mistaken for a hang.
            if let status = await process.waitForExit(timeout: self.probeLimits.handshake) { return .crashed(status) }
        }
        return probe
    }

    /// One handshake on a fresh connection: any HTTP answer means the server is alive, even a refusal.
    func probe() async -> Liveness {
        let probe = Case(
            id: "F.probe", description: "liveness probe", expectation: "the server answers a new connection",
            rule: "liveness", steps: [], outcomes: [], close: .normal)
        let result = await Runner(target: self.target, limits: self.probeLimits, jobs: 1).run([probe]).first
        switch result?.observation.handshake {
        case .upgraded?, .rejected(.some, _)?: return .alive
        case .rejected(nil, let reasons)?: return .unresponsive(reasons.joined(separator: "; "))
        case .unreachable(let reason)?: return .unresponsive(reason)
        case nil: return .unresponsive("the probe did not run")
        }
    }

    /// Whether the supervisor can restart the target (it launched it).
    public var canRestart: Bool { self.launch != nil }

    /// Kills the target (if still running) and starts it again on a new port.
    public func restart() async throws(FuzzError) {
        await self.process?.stop()
        self.process = nil
        self.restarts += 1
        try await self.spawn()
    }

    /// Marks the server log, so `logSinceMark` returns what one input caused.
    public func markLog() {
        self.process?.markLog()
    }

    public func logSinceMark() -> String? {
        self.process?.logSinceMark()
    }

    public func stop() async {
        await self.process?.stop()
        self.process = nil
    }
}
