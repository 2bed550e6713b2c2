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
    func isComplete(_ received: [ApplicationEvent]) -> Bool {
        let relevant = self.relevant(received)
        return self.outcomes.contains { $0.verdict == .ok && $0.events == relevant }
    }

    /// What the judge compares: pings the server sent on its own (keep-alives, allowed at any time by RFC 6455
    /// §5.5.2) are left out unless an outcome of this case expects a ping.
    func relevant(_ received: [ApplicationEvent]) -> [ApplicationEvent] {
        let expectsPings = self.outcomes.contains { $0.events.contains { if case .ping = $0 { true } else { false } } }
        return expectsPings ? received : received.filter { if case .ping = $0 { false } else { true } }
    }
}
