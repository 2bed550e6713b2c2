import Foundation
import GauntletCore

/// A fuzz run: generations of inputs run as cases by the one `Runner`, judged by the oracles, checked for
/// liveness after each generation, kept in the corpus when they draw a new behaviour, and turned into minimized,
/// folded findings when an oracle fires.
///
/// When the target dies or stops answering during a generation, the generation is run again one input at a time,
/// with a liveness check (and a restart) after each, so the crash is pinned on the input that caused it.
public actor FuzzCampaign {
    let configuration: FuzzConfiguration
    let generator: InputGenerator
    let builder: FuzzCaseBuilder
    let supervisor: TargetSupervisor
    let store: FindingStore
    var corpus: [FuzzInput] = []
    var seenFeatures: Set<String> = []
    var findings: [String: FuzzFinding] = [:]
    var findingOrder: [String] = []
    var summary = FuzzSummary()
    let clock = ContinuousClock()
    var start: ContinuousClock.Instant

    public init(_ configuration: FuzzConfiguration) {
        self.configuration = configuration
        self.generator = InputGenerator(
            mode: configuration.mode, endpoint: configuration.endpoint, maxPayload: configuration.maxPayload)
        self.builder = FuzzCaseBuilder(prelude: configuration.prelude, replyTimeout: configuration.replyTimeout)
        self.supervisor = TargetSupervisor(
            target: configuration.target, launch: configuration.launch, hangTimeout: configuration.hangTimeout)
        self.store = FindingStore(root: configuration.findingsRoot, target: configuration.targetName)
        self.start = ContinuousClock.now
    }

    /// Runs until the iteration count or duration is reached, or the calling task is cancelled.
    public func run(progress: @Sendable (FuzzProgress) -> Void = { _ in }) async throws(FuzzError) -> FuzzSummary {
        self.corpus = try CorpusStore.load(self.configuration.corpusFolder, endpoint: self.configuration.endpoint)
        if self.corpus.isEmpty {
            self.corpus = SeedInputs.frames(seed: self.configuration.seed)
            if let endpoint = self.configuration.endpoint {
                self.corpus += SeedInputs.messages(endpoint, seed: self.configuration.seed)
            }
        }
        try await self.supervisor.start()
        self.start = self.clock.now
        let slots = JobSlots(self.configuration.jobs)
        var iteration: UInt64 = 0
        // Two generations overlap: the next one starts as soon as the running one has handed out its last case,
        // so its slowest cases do not leave the other slots idle. Each draws from the corpus as judged up to the
        // generation before the running one, which keeps the inputs of a seed independent of timing and `--jobs`.
        var running: GenerationRun?
        while !Task.isCancelled, self.summary.stoppedBecause == nil {
            let remaining =
                self.configuration.iterations.map { $0 - Int(iteration) } ?? self.configuration.generationSize
            if remaining <= 0 { break }
            if let duration = self.configuration.duration, self.start.duration(to: self.clock.now) >= duration { break }
            let count = min(self.configuration.generationSize, remaining)
            let snapshot = self.corpus
            let inputs = (0..<UInt64(count)).map {
                self.generator.input(seed: self.configuration.seed, iteration: iteration + $0, corpus: snapshot)
            }
            let next = await self.launchGeneration(inputs, firstIteration: iteration, slots: slots)
            iteration += UInt64(count)
            if let previous = running {
                running = await self.finish(previous, following: next) ? nil : next
                progress(self.progress)
            } else {
                running = next
            }
        }
        if let last = running {
            _ = await self.finish(last, following: nil)
            progress(self.progress)
        }
        await self.supervisor.stop()
        self.summary.elapsed = self.start.duration(to: self.clock.now)
        self.summary.corpusSize = self.corpus.count
        self.summary.target =
            self.configuration.launch == nil ? self.configuration.target.description : self.urlTemplate
        self.summary.restarts = await self.supervisor.restarts
        self.summary.findings = self.findingOrder.compactMap { self.findings[$0] }
        return self.summary
    }

    var progress: FuzzProgress {
        let elapsed = self.start.duration(to: self.clock.now)
        var snapshot = self.summary
        snapshot.elapsed = elapsed
        return FuzzProgress(
            executions: self.summary.executions, executionsPerSecond: snapshot.executionsPerSecond,
            findings: self.findings.count, corpusSize: self.corpus.count, elapsed: elapsed)
    }

    // MARK: Generations

    /// A generation whose cases are running (or waiting for slots) in a task of their own.
    struct GenerationRun {
        var inputs: [FuzzInput]
        var firstIteration: UInt64
        var task: Task<[CaseResult], Never>

        /// The results, in input order; cancelling the caller cancels the run.
        func results() async -> [CaseResult] {
            await withTaskCancellationHandler {
                await self.task.value
            } onCancel: {
                self.task.cancel()
            }
        }
    }

    private func launchGeneration(
        _ inputs: [FuzzInput], firstIteration: UInt64, slots: JobSlots
    ) async
        -> GenerationRun
    {
        let target = await self.supervisor.target
        let cases = inputs.enumerated().map { offset, input in
            self.builder.testCase(
                input,
                id: FuzzCaseBuilder.caseID(seed: self.configuration.seed, iteration: firstIteration + UInt64(offset)))
        }
        await self.supervisor.markLog()
        var runner = Runner(target: target, limits: self.configuration.limits, slots: slots)
        runner.runsCasesOnEventLoops = true
        return GenerationRun(
            inputs: inputs, firstIteration: firstIteration, task: Task.detached { await runner.run(cases) })
    }

    /// Waits for `generation`, checks the target, and judges the results. When the target is no longer alive, the
    /// `following` generation ran against the same broken target, so its inputs join the search for the culprit;
    /// returns true when it did (it is then finished too).
    private func finish(_ generation: GenerationRun, following: GenerationRun?) async -> Bool {
        let results = await generation.results()
        self.summary.executions += results.count
        let liveness = await self.supervisor.check()
        guard liveness == .alive else {
            var inputs = generation.inputs
            var allResults = results
            if let following {
                let more = await following.results()
                self.summary.executions += more.count
                // Paired by offset, so only a complete first generation lets the second's results follow it.
                if results.count == inputs.count {
                    allResults += more
                }
                inputs += following.inputs
            }
            if await self.supervisor.canRestart {
                await self.attribute(inputs, firstIteration: generation.firstIteration)
            } else {
                await self.blameWithoutRestart(
                    inputs, allResults, firstIteration: generation.firstIteration, after: liveness)
            }
            return following != nil
        }
        for (offset, result) in results.enumerated() {
            await self.judge(
                generation.inputs[offset], result, iteration: generation.firstIteration + UInt64(offset),
                liveness: .alive)
        }
        return false
    }

    /// The launched target died or hung during a generation: restart it and run the generation's inputs again one
    /// by one, checking after each.
    private func attribute(_ inputs: [FuzzInput], firstIteration: UInt64) async {
        guard await self.recover() else { return }
        for (offset, input) in inputs.enumerated() {
            let iteration = firstIteration + UInt64(offset)
            let (result, state) = await self.runAlone(input, iteration: iteration)
            self.summary.executions += 1
            var confirmed = state
            // The dead process's last words, read before the confirming run replaces it.
            let log = state == .alive ? nil : await self.supervisor.logSinceMark()
            if case .crashed = state, await self.supervisor.canRestart {
                // Blame the input only if it kills a fresh process too (the last one may have died late).
                let hit = Self.processHit(state)
                if !(await self.reproduces(hit, input, iteration)) { confirmed = .alive }
            }
            await self.judge(input, result, iteration: iteration, liveness: confirmed, log: log)
            if state != .alive {
                guard await self.recover() else { return }
            }
        }
    }

    /// The target stopped answering and Gauntlet did not launch it, so the generation cannot be run again one input
    /// at a time: blame the input the connections point at (`HangSuspect`), record it, and stop the run.
    private func blameWithoutRestart(
        _ inputs: [FuzzInput], _ results: [CaseResult], firstIteration: UInt64,
        after liveness: TargetSupervisor.Liveness
    ) async {
        if !inputs.isEmpty {
            let offset = HangSuspect.offset(inputs, results) ?? 0
            let result = offset < results.count ? results[offset] : nil
            await self.record(
                Self.processHit(liveness), input: inputs[offset], result: result,
                iteration: firstIteration + UInt64(offset), log: nil)
        }
        self.summary.stoppedBecause = "the target stopped answering and was not launched by gauntlet (use --launch)"
    }

    /// Restarts a dead target; false (and the run stops) when that fails.
    private func recover() async -> Bool {
        do {
            try await self.supervisor.restart()
            return true
        } catch {
            self.summary.stoppedBecause = "the target could not be restarted: \(error)"
            return false
        }
    }

    /// Runs one input on its own and checks the target afterwards.
    func runAlone(_ input: FuzzInput, iteration: UInt64) async -> (CaseResult?, TargetSupervisor.Liveness) {
        let target = await self.supervisor.target
        let testCase = self.builder.testCase(
            input, id: FuzzCaseBuilder.caseID(seed: self.configuration.seed, iteration: iteration))
        await self.supervisor.markLog()
        let result = await Runner(target: target, limits: self.configuration.limits, jobs: 1).run([testCase]).first
        return (result, await self.supervisor.check())
    }

    static func processHit(_ liveness: TargetSupervisor.Liveness) -> FuzzOracle.Hit {
        switch liveness {
        case .crashed(let status):
            let signature: String
            switch status {
            case .exited(let code): signature = "exit \(code)"
            case .signaled(let signal): signature = "signal \(signal)"
            }
            return FuzzOracle.Hit(oracle: .crash, signature: signature, detail: "The target \(status)")
        case .unresponsive(let why):
            return FuzzOracle.Hit(
                oracle: .hang, signature: "no answer to new connections",
                detail: "After the input, a fresh connection got no answer: \(why)")
        case .alive:
            return FuzzOracle.Hit(oracle: .hang, signature: "none", detail: "")
        }
    }

    // MARK: Judging

    /// Judges one result: oracles (per connection, plus the process state), novelty, findings.
    func judge(
        _ input: FuzzInput, _ result: CaseResult?, iteration: UInt64, liveness: TargetSupervisor.Liveness,
        log savedLog: String? = nil
    ) async {
        var hits: [FuzzOracle.Hit] = []
        if let result {
            if result.observation.scenario?.failures.isEmpty == false {
                self.summary.preludeFailures += 1
            }
            hits = FuzzOracle.judge(
                input, result.observation, configuration: self.configuration.oracles,
                endpoint: self.configuration.endpoint)
            let signature = BehaviourSignature(
                result.observation, endpoint: self.configuration.endpoint, configuration: self.configuration.oracles)
            let fresh = signature.features.subtracting(self.seenFeatures)
            if !fresh.isEmpty {
                self.seenFeatures.formUnion(fresh)
                self.summary.novelInputs += 1
                self.corpus.append(input)
                CorpusStore.save(input, folder: self.configuration.corpusFolder)
            }
        }
        if liveness != .alive {
            let hit = Self.processHit(liveness)
            if self.configuration.oracles.enabled.contains(hit.oracle) { hits.insert(hit, at: 0) }
        }
        var log = savedLog
        if liveness != .alive && log == nil { log = await self.supervisor.logSinceMark() }
        for hit in hits {
            await self.record(hit, input: input, result: result, iteration: iteration, log: log)
        }
    }
}
