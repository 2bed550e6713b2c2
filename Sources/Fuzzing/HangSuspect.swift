import GauntletCore

/// Which input of a generation to blame when the target stopped answering new connections and Gauntlet cannot
/// restart it (no `--launch`) to run the generation again one input at a time.
///
/// The inputs ran side by side, so the choice is made from what each one's own connection saw, on one timeline.
/// The input that froze the server was written and then got nothing back, and the server fell silent everywhere
/// right after it arrived: so the suspect is, among connections that went silent with nothing back after their input,
/// the first whose input was sent no earlier than the server's last output on any connection. An input the server
/// was still slowly reading when it froze was sent well before that moment; inputs sent to a server already frozen
/// came after the one that froze it. Without such a connection: the unanswered input sent closest to that moment,
/// then any connection that went silent, then any case that ran out of time, and last the input started just
/// before the first case the target no longer let in. Two inputs that reached the server within a few milliseconds
/// of its stopping cannot be told apart from outside; only `--launch` (run again one by one) settles that.
enum HangSuspect {
    /// The offset of the suspect in `inputs` (paired with `results` by offset), or nil when no case shows a sign.
    static func offset(_ inputs: [FuzzInput], _ results: [CaseResult]) -> Int? {
        let runs = Array(zip(inputs, results))
        if let origin = results.compactMap(\.started).min(),
            let lastOutput = results.compactMap({ Self.lastOutput($0, since: origin) }).max()
        {
            // Inputs written whole that went silent with nothing back after they were sent, and when they were
            // sent (a write the server stopped reading was still going out when it froze).
            let unanswered = runs.indices.compactMap { offset -> (Int, Double)? in
                let result = results[offset]
                guard FuzzOracle.wentSilent(inputs[offset], result.observation),
                    !result.observation.events.contains(where: \.isStalledWrite),
                    let sent = Self.inputSent(result, since: origin),
                    (Self.lastOutput(result, since: origin) ?? 0) <= sent
                else { return nil }
                return (offset, sent)
            }
            // The first to reach the server no earlier than its last output (give or take the moment it took to
            // stop): inputs sent later went to a server already stopped, earlier ones it was still working on.
            let window = unanswered.filter { $0.1 >= lastOutput - Self.stoppingMilliseconds }
            if let first = window.min(by: { $0.1 < $1.1 }) { return first.0 }
            if let closest = unanswered.min(by: { abs(lastOutput - $0.1) < abs(lastOutput - $1.1) }) {
                return closest.0
            }
        }
        if let offset = runs.firstIndex(where: { FuzzOracle.wentSilent($0, $1.observation) }) { return offset }
        if let offset = runs.firstIndex(where: { Self.upgraded($1.observation) && $1.observation.timedOut }) {
            return offset
        }
        if let offset = runs.firstIndex(where: { !Self.upgraded($1.observation) }), offset > 0 { return offset - 1 }
        return nil
    }

    /// How long a server may go on writing on other connections after the input that stops it has arrived.
    static let stoppingMilliseconds = 10.0

    /// When the server last sent anything on this connection (its handshake answer or a frame), in milliseconds
    /// since `origin`.
    private static func lastOutput(_ result: CaseResult, since origin: ContinuousClock.Instant) -> Double? {
        Self.lastTime(of: result, since: origin) {
            switch $0 {
            case .handshakeReceived, .frameReceived: true
            default: false
            }
        }
    }

    /// When the input's last write went out: the input is the last thing the harness writes before it closes.
    private static func inputSent(_ result: CaseResult, since origin: ContinuousClock.Instant) -> Double? {
        Self.lastTime(of: result, since: origin) {
            switch $0 {
            case .bytesSent, .frameSent: true
            default: false
            }
        }
    }

    /// Milliseconds from `origin` to the last event of `result` whose kind `matches`.
    private static func lastTime(
        of result: CaseResult, since origin: ContinuousClock.Instant, where matches: (ObservedEvent.Kind) -> Bool
    ) -> Double? {
        guard let started = result.started, let event = result.observation.events.last(where: { matches($0.kind) })
        else { return nil }
        return origin.duration(to: started).milliseconds + event.atMilliseconds
    }

    private static func upgraded(_ observation: Observation) -> Bool {
        if case .upgraded = observation.handshake { return true }
        return false
    }
}
