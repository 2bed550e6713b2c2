import Foundation
import GauntletCore

extension FuzzCampaign {
    /// Folds `hit` into the findings: a new oracle and signature is minimized and saved; a known one counts.
    func record(
        _ hit: FuzzOracle.Hit, input: FuzzInput, result: CaseResult?, iteration: UInt64, log: String?
    ) async {
        let id = FuzzFinding.id(oracle: hit.oracle, signature: hit.signature)
        if var known = self.findings[id] {
            known.occurrences += 1
            self.findings[id] = known
            try? self.store.update(known)
            return
        }
        let target = await self.supervisor.target
        var finding = FuzzFinding(
            id: id, oracle: hit.oracle, signature: hit.signature, detail: hit.detail,
            caseID: FuzzCaseBuilder.caseID(seed: self.configuration.seed, iteration: iteration).rawValue,
            seed: self.configuration.seed, iteration: iteration, layer: input.layer.rawValue,
            intent: input.intent.rawValue,
            target: self.configuration.launch == nil ? target.description : self.urlTemplate,
            launch: self.configuration.launch?.command, protocolPath: self.configuration.protocolPath,
            preludePath: self.configuration.preludePath, oraclesPath: self.configuration.oraclesPath,
            replyTimeoutMilliseconds: Int(self.configuration.replyTimeout.milliseconds),
            hangTimeoutMilliseconds: Int(self.configuration.hangTimeout.milliseconds), occurrences: 1,
            secondsIntoRun: self.start.duration(to: self.clock.now).milliseconds / 1000,
            inputBytes: input.wireBytes.count, reproducerBytes: input.wireBytes.count, minimized: false)
        // Recorded before minimizing, so the progress line shows it at once and a repeat during minimization folds.
        self.findings[id] = finding
        self.findingOrder.append(id)
        let reproducer = await self.minimize(hit, input: input, iteration: iteration)
        finding = self.findings[id] ?? finding
        if let reproducer {
            finding.minimized = true
            finding.reproducerBytes = reproducer.wireBytes.count
        }
        self.findings[id] = finding
        let sent = result?.observation.transcript.chunks.filter { $0.direction == .sent }.flatMap(\.bytes) ?? []
        let evidence = FindingEvidence(
            input: input, reproducer: reproducer, sentBytes: sent, observation: result?.observation, serverLog: log)
        do {
            try self.store.save(finding, evidence: evidence)
        } catch {
            self.summary.stoppedBecause = "cannot write findings under \(self.store.folder.path): \(error)"
        }
    }

    /// The target URL with the launched port shown as `{port}`, for findings that replay with `--launch`.
    var urlTemplate: String {
        let target = self.configuration.target
        let host = target.host.contains(":") ? "[\(target.host)]" : target.host
        return "ws://\(host):{port}\(target.resource)"
    }

    /// The smallest input that still fires `hit` (same oracle and signature), or nil when none smaller was found
    /// or minimizing would need a restart the supervisor cannot do.
    private func minimize(_ hit: FuzzOracle.Hit, input: FuzzInput, iteration: UInt64) async -> FuzzInput? {
        let processLevel = hit.oracle == .crash || hit.signature == Self.processHit(.unresponsive("")).signature
        let canRestart = await self.supervisor.canRestart
        if processLevel && !canRestart { return nil }
        let deadline = self.clock.now + self.configuration.minimizeTimeLimit
        let minimizer = Minimizer(budget: self.configuration.minimizeBudget)
        let (smallest, _) = await minimizer.minimize(input) { candidate in
            guard self.clock.now < deadline else { return false }
            let classified = candidate.classified(endpoint: self.configuration.endpoint)
            guard await self.reproduces(hit, classified, iteration) else { return false }
            // A hang is timing: on a loaded machine a slow answer can pass for none once, so it must hang twice.
            guard hit.oracle == .hang else { return true }
            return await self.reproduces(hit, classified, iteration)
        }
        return smallest.wireBytes.count < input.wireBytes.count
            ? smallest.classified(endpoint: self.configuration.endpoint) : nil
    }

    /// Runs `input` alone and says whether `hit` fires again; restarts the target when the run killed it.
    func reproduces(_ hit: FuzzOracle.Hit, _ input: FuzzInput, _ iteration: UInt64) async -> Bool {
        // A server may die a moment after the connection that killed it has ended, so a crash is only pinned on
        // an input run against a fresh process: a late death of the previous one cannot be blamed on this one.
        if hit.oracle == .crash, await self.supervisor.canRestart {
            do {
                try await self.supervisor.restart()
            } catch {
                self.summary.stoppedBecause = "the target could not be restarted: \(error)"
                return false
            }
        }
        let (result, state) = await self.runAlone(input, iteration: iteration)
        var hits =
            result.map {
                FuzzOracle.judge(
                    input, $0.observation, configuration: self.configuration.oracles,
                    endpoint: self.configuration.endpoint)
            } ?? []
        if state != .alive {
            hits.append(Self.processHit(state))
            do {
                try await self.supervisor.restart()
            } catch {
                self.summary.stoppedBecause = "the target could not be restarted: \(error)"
                return false
            }
        }
        return hits.contains { $0.key == hit.key }
    }
}

extension FuzzCampaign {
    /// Runs one input against the target (launching it when configured) and returns every oracle that fires,
    /// process-level ones included. `gauntlet replay` uses it to tell whether a finding still reproduces.
    public func replay(_ input: FuzzInput) async throws(FuzzError) -> (hits: [FuzzOracle.Hit], log: String?) {
        try await self.supervisor.start()
        let classified = input.classified(endpoint: self.configuration.endpoint)
        let (result, state) = await self.runAlone(classified, iteration: 0)
        var hits =
            result.map {
                FuzzOracle.judge(
                    classified, $0.observation, configuration: self.configuration.oracles,
                    endpoint: self.configuration.endpoint)
            } ?? []
        if state != .alive { hits.insert(Self.processHit(state), at: 0) }
        let log = await self.supervisor.logSinceMark()
        await self.supervisor.stop()
        return (hits, log)
    }
}
