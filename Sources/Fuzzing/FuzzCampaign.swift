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
        var iteration: UInt64 = 0
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
            await self.runGeneration(inputs, firstIteration: iteration)
            iteration += UInt64(count)
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

    private func runGeneration(_ inputs: [FuzzInput], firstIteration: UInt64) async {
        let target = await self.supervisor.target
        let cases = inputs.enumerated().map { offset, input in
            self.builder.testCase(
                input,
                id: FuzzCaseBuilder.caseID(seed: self.configuration.seed, iteration: firstIteration + UInt64(offset)))
        }
        await self.supervisor.markLog()
        let runner = Runner(target: target, limits: self.configuration.limits, jobs: self.configuration.jobs)
        let results = await runner.run(cases)
        self.summary.executions += results.count
        let liveness = await self.supervisor.check()
        guard liveness == .alive else {
            await self.attribute(inputs, firstIteration: firstIteration, after: liveness)
            return
        }
        for (offset, result) in results.enumerated() {
            await self.judge(inputs[offset], result, iteration: firstIteration + UInt64(offset), liveness: .alive)
        }
    }

    /// The target died or hung during a generation: run its inputs again one by one, checking after each.
    private func attribute(
        _ inputs: [FuzzInput], firstIteration: UInt64, after liveness: TargetSupervisor.Liveness
    ) async {
        guard await self.recover(after: liveness, input: inputs.first, iteration: firstIteration) else { return }
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
                guard await self.recover(after: state, input: nil, iteration: iteration) else { return }
            }
        }
    }

    /// Restarts a dead target; without `--launch`, records the loss of liveness and stops the run.
    private func recover(after liveness: TargetSupervisor.Liveness, input: FuzzInput?, iteration: UInt64) async -> Bool
    {
        if await self.supervisor.canRestart {
            do {
                try await self.supervisor.restart()
                return true
            } catch {
                self.summary.stoppedBecause = "the target could not be restarted: \(error)"
                return false
            }
        }
        if let input {
            let hit = Self.processHit(liveness)
            await self.record(hit, input: input, result: nil, iteration: iteration, log: nil)
        }
        self.summary.stoppedBecause = "the target stopped answering and was not launched by gauntlet (use --launch)"
        return false
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
