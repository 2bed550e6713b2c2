import WebSocketWire

/// Everything a case run saw, and nothing judged yet: the `Judge` turns this into verdicts without touching a socket.
public struct Observation: Sendable {
    /// How far the opening handshake got.
    public enum Handshake: Sendable {
        /// TCP never connected; the target is unreachable.
        case unreachable(reason: String)
        /// The server answered, but not with a valid upgrade (RFC 6455 §4.1).
        case rejected(HandshakeResponse?, reasons: [String])
        /// The server upgraded the connection.
        case upgraded(HandshakeResponse)
    }

    /// The facts of the closing handshake (RFC 6455 §7), in Autobahn's terms.
    public struct Closing: Sendable, Hashable {
        /// The harness sent the first close frame.
        public var closedByHarness = false
        /// The harness failed the connection because the server broke a rule.
        public var failedByHarness = false
        /// The harness had to drop TCP because the server did not.
        public var droppedByHarness = false
        public var closeSent = false
        public var closeReceived = false
        /// The code in the server's close frame; nil when it had none or sent none.
        public var serverCode: CloseCode?
        public var serverReason: [UInt8] = []
        /// The server closed TCP with a reset rather than a FIN.
        public var resetByPeer = false

        /// Both close frames crossed and TCP ended without the harness forcing it.
        public var wasClean: Bool {
            self.closeSent && self.closeReceived && !self.droppedByHarness && !self.failedByHarness
        }
    }

    public var handshake: Handshake
    /// The permessage-deflate settings both ends agreed on (RFC 7692 §7.1); nil when the server declined or none was
    /// offered.
    public var deflate: PerMessageDeflateAgreement?
    /// The messages generated while the case ran (sections 12 and 13), as digests, in the order they were sent: an
    /// echo case's OK observation starts with exactly these (`Case.echoesSentMessages`).
    public var sentMessages: [ApplicationEvent] = []
    /// Messages, pings and pongs in arrival order; the judge compares this with the case's outcomes.
    public var received: [ApplicationEvent] = []
    /// Rules the server broke, as the wire layer found them.
    public var violations: [FrameViolation] = []
    public var closing = Closing()
    /// A limit ran out before the case could finish.
    public var timedOut = false
    public var events: [ObservedEvent] = []
    /// Events not kept because `eventLimit` was reached; a flooding server cannot grow the timeline without bound.
    public var omittedEvents = 0
    /// The most timeline events kept per case.
    public static let eventLimit = 100_000
    /// The most messages, pings and pongs a case accepts before the harness stops reading.
    public static let receivedLimit = 100_000
    public var transcript: Transcript
    public var duration: Duration = .zero
    /// The scenario-level record when the case is a scenario (`Case.scenario`); nil for catalogue and fuzz cases.
    public var scenario: ScenarioRecord?

    public init(handshake: Handshake, transcript: Transcript) {
        self.handshake = handshake
        self.transcript = transcript
    }
}
