/// Runs cases against a target concurrently, each on its own connection, never more than `jobs` at once.
///
/// Results come back in catalogue order whatever order they finish in, so reports are stable run to run.
public struct Runner: Sendable {
    public var target: Target
    public var limits: RunLimits
    public var jobs: Int
    /// Slots shared with other runs; when set, they bound the cases in flight instead of `jobs`.
    public private(set) var slots: JobSlots?
    /// This runner's place in the slots' queue, taken when it is made.
    private var slotTicket: UInt64 = 0
    /// Run each case on the event loop that owns its connection (`EventLoopTaskExecutor`): no thread hop per read
    /// and write, which pays for many small cases (fuzzing). Off by default, because a case that builds or checks
    /// a 16 MiB message would then hold up every other connection of its loop while it does.
    public var runsCasesOnEventLoops = false

    public init(target: Target, limits: RunLimits = RunLimits(), jobs: Int = Runner.defaultJobs) {
        self.target = target
        self.limits = limits
        self.jobs = max(1, jobs)
    }

    /// A runner whose cases take their turns from `slots`, shared with other runs going on at the same time.
    public init(target: Target, limits: RunLimits = RunLimits(), slots: JobSlots) {
        self.init(target: target, limits: limits, jobs: 1)
        self.slots = slots
        self.slotTicket = slots.ticket()
    }

    /// Enough parallelism to hide the cases' deliberate waits, without swamping a small target.
    public static var defaultJobs: Int { 16 }

    /// Runs `cases`; `progress` is called once per finished case, in completion order. Cancelling the calling task
    /// stops starting new cases and returns the results gathered so far.
    public func run(
        _ cases: [Case],
        progress: (CaseResult, _ finished: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [CaseResult] {
        if let slots = self.slots { return await self.run(cases, sharing: slots, progress: progress) }
        var results = [CaseResult?](repeating: nil, count: cases.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            var finished = 0
            func startNext() {
                guard next < cases.count, !Task.isCancelled else { return }
                let index = next
                let execution = CaseExecution(
                    testCase: cases[index], target: self.target, limits: self.limits,
                    onEventLoop: self.runsCasesOnEventLoops)
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

    /// Starts each case as soon as it gets a slot, in order; `progress` is called as results are collected.
    private func run(
        _ cases: [Case], sharing slots: JobSlots, progress: (CaseResult, _ finished: Int, _ total: Int) -> Void
    ) async -> [CaseResult] {
        var results = [CaseResult?](repeating: nil, count: cases.count)
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            for (index, testCase) in cases.enumerated() {
                await slots.acquire(ticket: self.slotTicket)
                guard !Task.isCancelled else {
                    slots.release()
                    break
                }
                let execution = CaseExecution(
                    testCase: testCase, target: self.target, limits: self.limits,
                    onEventLoop: self.runsCasesOnEventLoops)
                group.addTask {
                    let result = await execution.run()
                    slots.release()
                    return (index, result)
                }
            }
            var finished = 0
            while let (index, result) = await group.next() {
                results[index] = result
                finished += 1
                progress(result, finished, cases.count)
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
