/// Runs cases against a target concurrently, each on its own connection, never more than `jobs` at once.
///
/// Results come back in catalogue order whatever order they finish in, so reports are stable run to run.
public struct Runner: Sendable {
    public var target: Target
    public var limits: RunLimits
    public var jobs: Int

    public init(target: Target, limits: RunLimits = RunLimits(), jobs: Int = Runner.defaultJobs) {
        self.target = target
        self.limits = limits
        self.jobs = max(1, jobs)
    }

    /// Enough parallelism to hide the cases' deliberate waits, without swamping a small target.
    public static var defaultJobs: Int { 16 }

    /// Runs `cases`; `progress` is called once per finished case, in completion order. Cancelling the calling task
    /// stops starting new cases and returns the results gathered so far.
    public func run(
        _ cases: [Case],
        progress: (CaseResult, _ finished: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [CaseResult] {
        var results = [CaseResult?](repeating: nil, count: cases.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            var finished = 0
            func startNext() {
                guard next < cases.count, !Task.isCancelled else { return }
                let index = next
                let execution = CaseExecution(testCase: cases[index], target: self.target, limits: self.limits)
                group.addTask { (index, await execution.run()) }
                next += 1
            }
            for _ in 0..<min(self.jobs, cases.count) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                finished += 1
                progress(result, finished, cases.count)
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}

extension Runner {
    /// Opens and closes one TCP connection, so an unreachable target is one clear error rather than a page of
    /// failed cases.
    public func checkReachable() async throws {
        let connection = try await Connection.open(
            to: self.target,
            timeout: self.limits.scaled(self.limits.connect),
            inboundByteLimit: self.limits.maxHandshakeBytes
        )
        connection.drop()
    }
}
