import GauntletCore
import WebSocketWire

/// One fuzz input: what the harness writes after the opening handshake (and the prelude), and what the application
/// should make of it, which decides the oracles that judge the answer.
///
/// It is data, like a `Case`: it becomes ordinary `Step`s for the one engine, and it round-trips through the
/// corpus text format, so a finding's reproducer is a file a person can read, edit and diff.
public struct FuzzInput: Sendable, Hashable {
    /// The layer the input was built at.
    public enum Layer: String, Sendable, Hashable, CaseIterable {
        /// Frame-level: structure-aware mutations of WebSocket conversations.
        case frames
        /// Message-level: instances of the protocol's client messages, valid or not.
        case messages
    }

    /// What a correct server should make of the input, fixed by checking the input itself (`WireCheck` and the
    /// protocol's schemas), never by trusting the mutation that made it.
    public enum Intent: String, Sendable, Hashable, CaseIterable {
        /// Valid RFC 6455 traffic and, for messages, a schema-valid client message.
        case valid
        /// Valid RFC 6455 traffic carrying an application message the protocol rejects.
        case invalidApplication = "invalid-application"
        /// Traffic that breaks RFC 6455 (or cannot be completed); only crash and hang oracles apply.
        case invalidWire = "invalid-wire"
    }

    /// One write: a frame exactly as described, or raw bytes; optionally chopped into writes of `chop` octets with
    /// `pause` milliseconds between them.
    public enum Action: Sendable, Hashable {
        case frame(Frame, chop: Int?, pauseMilliseconds: Int?)
        case bytes([UInt8], chop: Int?, pauseMilliseconds: Int?)

        /// The octets this action writes.
        public var bytes: [UInt8] {
            switch self {
            case .frame(let frame, _, _): FrameEncoder.encode(frame)
            case .bytes(let bytes, _, _): bytes
            }
        }

        var step: Step {
            switch self {
            case .frame(let frame, let chop, let pause):
                .send(frame, chopSize: chop, pause: pause.map { .milliseconds($0) })
            case .bytes(let bytes, let chop, let pause):
                .sendBytes(bytes, chopSize: chop, pause: pause.map { .milliseconds($0) })
            }
        }
    }

    public var layer: Layer
    public var intent: Intent
    public var actions: [Action]
    /// How the input was made, one line ("subscribe: wrong type at /payload/topics"), for people reading findings.
    public var note: String
    /// Whether the server owes an application reply, so the harness waits for one before closing.
    public var awaitsReply: Bool
    /// The input ends inside a frame (a length that promises more than was sent): a server that keeps waiting for
    /// the rest is right to, so the per-connection hang oracle does not apply; the liveness probe still does.
    public var leavesFrameOpen: Bool
    /// The input sends its own close frame. A server may answer that close before its application has read the
    /// message in front of it (RFC 6455 §7.1.1 lets it stop there), so no application answer is owed.
    public var sendsClose = false

    public init(
        layer: Layer, intent: Intent, actions: [Action], note: String, awaitsReply: Bool = false,
        leavesFrameOpen: Bool = false
    ) {
        self.layer = layer
        self.intent = intent
        self.actions = actions
        self.note = note
        self.awaitsReply = awaitsReply
        self.leavesFrameOpen = leavesFrameOpen
    }

    /// Every octet the input writes, in order: what a finding stores as the exact bytes sent.
    public var wireBytes: [UInt8] {
        self.actions.flatMap(\.bytes)
    }

    /// The marker the engine records before the input, so oracles tell the prelude's traffic from the input's.
    public static let marker = "fuzz-input"

    /// The most writes one action is chopped into; a 64 KiB frame written an octet at a time costs seconds and
    /// proves nothing a 256-way chop does not.
    public static let maxWrites = 256

    /// `action` with its chop raised so it makes at most `maxWrites` writes, and its pause dropped beyond 32.
    static func boundingWrites(_ action: Action) -> Action {
        func bounded(_ size: Int, _ chop: Int?, _ pause: Int?) -> (Int?, Int?) {
            guard let chop else { return (nil, pause) }
            let safe = max(chop, (size + Self.maxWrites - 1) / Self.maxWrites)
            return (safe, size / max(1, safe) <= 32 ? pause : nil)
        }
        switch action {
        case .frame(let frame, let chop, let pause):
            let (newChop, newPause) = bounded(
                FrameEncoder.headerByteCount(of: frame) + frame.payload.count, chop, pause)
            return .frame(frame, chop: newChop, pauseMilliseconds: newPause)
        case .bytes(let bytes, let chop, let pause):
            let (newChop, newPause) = bounded(bytes.count, chop, pause)
            return .bytes(bytes, chop: newChop, pauseMilliseconds: newPause)
        }
    }

    /// How long the harness gives a server that was left inside a frame to react (a 1009 close for a huge length)
    /// before it drops TCP: the server is right to wait for the rest, so waiting out the hang limit proves nothing.
    public static let openFrameWait: Duration = .milliseconds(250)

    /// The steps that perform the input: the marker, the writes, and (for requests) a bounded wait for a reply.
    public func steps(replyTimeout: Duration) -> [Step] {
        var steps: [Step] = [.mark(Self.marker)]
        // Untimed actions in a row go out as one write: the same bytes, fewer wake-ups of the event loop (the
        // harness's main CPU cost per input).
        var pending: [UInt8] = []
        for action in self.actions {
            switch action {
            case .frame(_, nil, nil), .bytes(_, nil, nil):
                pending += action.bytes
            default:
                if !pending.isEmpty { steps.append(.sendBytes(pending)) }
                pending = []
                steps.append(action.step)
            }
        }
        if !pending.isEmpty { steps.append(.sendBytes(pending)) }
        if self.leavesFrameOpen {
            steps.append(.killAfter(Self.openFrameWait))
        } else if self.awaitsReply {
            steps.append(.awaitReply(after: Self.marker, timeout: replyTimeout))
        }
        return steps
    }

    /// The same input with its intent and frame-completeness recomputed from its bytes and, for messages, from
    /// `endpoint`'s schemas; mutators call this so no mutation can mislabel what it made.
    public func classified(endpoint: EndpointCheck?) -> FuzzInput {
        var input = self
        input.actions = self.actions.map(Self.boundingWrites)
        let wire = WireCheck.check(self.wireBytes)
        input.leavesFrameOpen = !wire.isComplete
        input.sendsClose = wire.containsClose
        if !wire.isValid {
            // Non-UTF-8 text inside an otherwise valid session is bad application data (close 1007, RFC 6455 §8.1).
            let badText =
                (endpoint != nil || self.layer == .messages) && wire.isComplete && wire.onlyInvalidText
                && !wire.endsInsideMessage
            input.intent = badText ? .invalidApplication : .invalidWire
        } else if let endpoint {
            // Against a protocol, every message is application input, whichever layer made it.
            input.intent = wire.messages.allSatisfy { endpoint.isValid($0) } ? .valid : .invalidApplication
        } else {
            input.intent = .valid
        }
        // A request owes an answer: wait for it, so a slow one is not mistaken for none (only against a protocol).
        input.awaitsReply =
            endpoint != nil && wire.isComplete && input.intent != .invalidWire
            && (!wire.messages.isEmpty || input.intent == .invalidApplication)
        return input
    }
}
