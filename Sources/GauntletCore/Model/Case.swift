import WebSocketWire

/// A unit of conformance: stimulus plus the outcomes that earn each verdict.
///
/// A case is plain data, so the catalogue, scenarios and fuzz generators produce the same thing and the one
/// `Runner` executes it; the `Judge` reads the same value afterwards.
public struct Case: Sendable, Identifiable {
    /// An observation that earns `verdict` when what the peer sent equals `events`, in order.
    public struct Outcome: Sendable, Hashable {
        public var verdict: Verdict
        public var events: [ApplicationEvent]

        public init(_ verdict: Verdict, _ events: [ApplicationEvent]) {
            self.verdict = verdict
            self.events = events.map(\.canonical)
        }
    }

    public var id: CaseID
    /// What the case does, one sentence.
    public var description: String
    /// What a conforming server does, one sentence; reports print it beside the verdict.
    public var expectation: String
    /// The rule the case checks, quoted with its source ("RFC 6455 §5.5: ..."), so a failure says which rule broke.
    public var rule: String
    /// The steps after a successful opening handshake.
    public var steps: [Step]
    /// Acceptable observations, best first; anything else is FAILED.
    public var outcomes: [Outcome]
    public var close: CloseExpectation
    /// The opening handshake to perform and the answer it needs; `.standard` outside section H.
    public var handshake: HandshakeSpec
    /// A user scenario's clients and steps; when set, `CaseExecution` runs these instead of `steps` (still one
    /// engine: each client is driven like a catalogue connection) and the `Judge` judges the scenario record.
    public var scenario: ScenarioScript?
    /// When true, every acceptable observation begins with the echo of each message the harness generated while
    /// the case ran (`Observation.sentMessages`), followed by the outcome's own events. Sections 12 and 13 send
    /// 1000 messages cut from a payload file; holding them as data would cost megabytes per case.
    public var echoesSentMessages = false
    /// How long this case may run when that is longer than the run's `RunLimits.caseLimit`: Autobahn's per-case
    /// `WAITSECS` for sections 12 and 13 (60-480 s), so 1000 round trips on a loaded machine are not cut short.
    public var timeLimit: Duration?

    public init(
        id: CaseID,
        description: String,
        expectation: String,
        rule: String,
        steps: [Step],
        outcomes: [Outcome],
        close: CloseExpectation,
        handshake: HandshakeSpec = .standard
    ) {
        self.id = id
        self.description = description
        self.expectation = expectation
        self.rule = rule
        self.steps = steps
        self.outcomes = outcomes
        self.close = close
        self.handshake = handshake
    }

    /// Whether `received` already equals an OK outcome, so the harness may close without waiting out a timer.
    func isComplete(_ received: [ApplicationEvent], sent: [ApplicationEvent] = []) -> Bool {
        let relevant = self.relevant(received)
        // An echo case is complete only once every planned message went out, not after each round trip.
        guard !self.echoesSentMessages || sent.count == self.plannedMessageCount else { return false }
        let echoed = self.echoesSentMessages ? sent.count : 0
        return self.outcomes.contains { outcome in
            // Counting first keeps a 1000-message exchange from building and comparing arrays on every read.
            outcome.verdict == .ok && outcome.events.count + echoed == relevant.count
                && self.expected(outcome, sent: sent) == relevant
        }
    }

    /// How many messages the case's `echoRounds` steps send in all.
    var plannedMessageCount: Int {
        self.steps.reduce(0) { total, step in
            if case .echoRounds(let rounds) = step { total + rounds.count } else { total }
        }
    }

    /// The events `outcome` stands for once the messages sent during the run are known.
    func expected(_ outcome: Outcome, sent: [ApplicationEvent]) -> [ApplicationEvent] {
        self.echoesSentMessages ? sent + outcome.events : outcome.events
    }

    /// What the judge compares: pings the server sent on its own (keep-alives, allowed at any time by RFC 6455
    /// §5.5.2) are left out unless an outcome of this case expects a ping.
    func relevant(_ received: [ApplicationEvent]) -> [ApplicationEvent] {
        let expectsPings = self.outcomes.contains { $0.events.contains { if case .ping = $0 { true } else { false } } }
        return expectsPings ? received : received.filter { if case .ping = $0 { false } else { true } }
    }
}
