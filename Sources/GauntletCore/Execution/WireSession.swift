import WebSocketWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The client side of an open WebSocket connection as a plain state machine: bytes in, actions out.
///
/// It parses the server's frames, reassembles messages, answers pings, runs the closing handshake (RFC 6455 §7)
/// and fails the connection on the first rule the server breaks. It records what it sees into an `Observation`
/// and performs no I/O, so its rules are testable without a socket.
struct WireSession {
    /// What the driver must do on the socket.
    enum Action: Equatable {
        case send(Frame)
        /// Close TCP from our side.
        case drop(reason: String)
    }

    var observation: Observation
    private var parser: FrameParser
    private var assembler: MessageAssembler
    /// Set once permessage-deflate is agreed (RFC 7692): inflates the server's compressed messages.
    private var inflater: CompressedMessageAssembler?
    /// The codec our compressed messages go through; nil without permessage-deflate.
    private(set) var deflate: PerMessageDeflateCodec?
    /// Record every message as its digest, not only those of `ApplicationEvent.digestThreshold` octets or more, so
    /// a 1000-message exchange (sections 12, 13) keeps 1000 digests rather than up to 128 MiB of echoes.
    var digestsEveryMessage = false
    /// The message the driver expects back next, with its digest: an echo equal to it byte for byte takes that
    /// digest rather than being hashed again, which halves the hashing of sections 12 and 13.
    var expectedEcho: (payload: [UInt8], digest: PayloadDigest)?
    /// Text and binary messages received so far, so a round trip can wait for its echo without counting pings.
    private(set) var messageCount = 0
    /// TCP has ended, whoever ended it.
    private(set) var isFinished = false
    private let maxMessageSize: Int

    init(observation: Observation, maxFrameSize: Int, maxMessageSize: Int) {
        self.observation = observation
        self.parser = FrameParser(configuration: .init(maxFrameSize: maxFrameSize))
        self.assembler = MessageAssembler(maxMessageSize: maxMessageSize)
        self.maxMessageSize = maxMessageSize
    }

    /// Switches to permessage-deflate as `codec` agreed, before the first frame is read: RSV1 becomes legal on the
    /// first frame of a data message (RFC 7692 §6.1; the parser still fails it on control and continuation
    /// frames), and compressed messages are inflated.
    mutating func enableDeflate(_ codec: PerMessageDeflateCodec) {
        var configuration = self.parser.configuration
        configuration.allowedReservedBits = 0b100
        self.parser = FrameParser(configuration: configuration)
        self.inflater = CompressedMessageAssembler(codec: codec, maxMessageSize: self.maxMessageSize)
        self.deflate = codec
        self.observation.deflate = codec.agreement
    }

    /// Whether either side has started the closing handshake or the connection is failing.
    var isClosing: Bool {
        self.observation.closing.closeSent || self.observation.closing.closeReceived || self.isFinished
    }

    mutating func record(_ kind: ObservedEvent.Kind, at time: Double) {
        guard self.observation.events.count < Observation.eventLimit else {
            self.observation.omittedEvents += 1
            return
        }
        self.observation.events.append(ObservedEvent(atMilliseconds: time, kind: kind))
    }

    // MARK: Inputs

    /// Feeds bytes the server sent.
    mutating func receive(_ bytes: some Sequence<UInt8>, at time: Double) -> [Action] {
        guard !self.isFinished else { return [] }
        self.parser.append(bytes)
        var actions: [Action] = []
        while let parsed = self.parser.next() {
            actions += self.handle(parsed, at: time)
            if self.isFinished { return actions }
        }
        if let fatal = self.parser.fatalViolation, !self.observation.closing.failedByHarness {
            actions += self.fail(because: [fatal], at: time)
        }
        return actions
    }

    /// Starts the closing handshake from our side, unless it is already under way.
    mutating func startClose(code: CloseCode?, reason: String = "", at time: Double) -> [Action] {
        guard !self.isClosing else { return [] }
        self.observation.closing.closedByHarness = true
        return [self.sendClose(code: code, reason: reason, at: time)]
    }

    /// Starts the closing handshake with a close frame whose body is exactly `payload`, valid or not.
    mutating func startClose(rawPayload payload: [UInt8], at time: Double) -> [Action] {
        guard !self.isClosing else { return [] }
        self.observation.closing.closedByHarness = true
        self.observation.closing.closeSent = true
        let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
        self.record(.closeSent(code: code, reason: ""), at: time)
        return [.send(.client(.close, payload: payload))]
    }

    /// Records a sync point when the connection is still open; false once the closing handshake is under way.
    mutating func mark(_ tag: String) -> Bool {
        guard !self.isClosing else { return false }
        self.observation.received.append(.marker(tag))
        return true
    }

    /// Whether the server sent a message (text or binary) or its close after the sync point `tag`. Pings and pongs
    /// do not count: a pong answers a ping inside the input, not the request the harness waits on.
    func hasReply(after tag: String) -> Bool {
        if self.observation.closing.closeReceived { return true }
        let received = self.observation.received
        guard let start = received.lastIndex(of: .marker(tag)) else { return false }
        return received[(start + 1)...].contains {
            switch $0 {
            case .text, .binary, .digest: true
            case .ping, .pong, .marker: false
            }
        }
    }

    /// The server ended TCP.
    mutating func peerClosed(reset: Bool, at time: Double) {
        guard !self.isFinished else { return }
        self.isFinished = true
        self.observation.closing.resetByPeer = reset
        self.record(.tcpClosedByPeer(reset: reset), at: time)
    }

    /// We are giving up on the server: record why and close TCP.
    mutating func drop(reason: String, at time: Double) -> [Action] {
        guard !self.isFinished else { return [] }
        self.isFinished = true
        self.observation.closing.droppedByHarness = true
        self.record(.tcpDroppedByHarness(reason: reason), at: time)
        return [.drop(reason: reason)]
    }

    // MARK: Frames

    private mutating func handle(_ parsed: ParsedFrame, at time: Double) -> [Action] {
        let frame = parsed.frame
        let rsv = (frame.rsv1 ? 4 : 0) | (frame.rsv2 ? 2 : 0) | (frame.rsv3 ? 1 : 0)
        self.record(
            .frameReceived(
                opcode: frame.opcode.rawValue,
                fin: frame.fin,
                rsv: UInt8(rsv),
                masked: frame.maskingKey != nil,
                payloadLength: frame.payload.count
            ),
            at: time
        )
        var violations = parsed.violations
        if self.observation.closing.closeReceived {
            violations.append(.frameAfterClose(offset: parsed.offset))
        }
        guard violations.isEmpty else { return self.fail(because: violations, at: time) }
        guard self.observation.received.count < Observation.receivedLimit else {
            self.observation.timedOut = true
            return self.drop(
                reason: "the server sent over \(Observation.receivedLimit) messages, pings and pongs", at: time)
        }

        switch frame.opcode {
        case .close:
            return self.handleClose(frame, at: time)
        case .ping:
            self.observation.received.append(.ping(frame.payload))
            guard !self.observation.closing.closeSent else { return [] }
            return [.send(.client(.pong, payload: frame.payload))]
        case .pong:
            self.observation.received.append(.pong(frame.payload))
            return []
        default:
            return self.assemble(parsed, at: time)
        }
    }

    private mutating func assemble(_ parsed: ParsedFrame, at time: Double) -> [Action] {
        let events: [MessageAssembler.Event]
        if var inflater = self.inflater, inflater.claims(parsed.frame) {
            events = inflater.push(parsed)
            self.inflater = inflater
        } else {
            events = self.assembler.push(parsed)
        }
        for event in events {
            switch event {
            case .message(let opcode, let payload):
                let isText = opcode == .text
                self.record(.messageReceived(kind: isText ? "text" : "binary", length: payload.count), at: time)
                self.messageCount += 1
                let message: ApplicationEvent =
                    self.digestsEveryMessage
                    ? .digest(self.digest(of: payload, isText: isText)) : isText ? .text(payload) : .binary(payload)
                self.observation.received.append(message.canonical)
            case .violation(let violation):
                return self.fail(because: [violation], at: time)
            }
        }
        return []
    }

    private func digest(of payload: [UInt8], isText: Bool) -> PayloadDigest {
        if let expected = self.expectedEcho, expected.digest.isText == isText,
            Self.sameBytes(expected.payload, payload)
        {
            return expected.digest
        }
        return PayloadDigest(isText: isText, payload)
    }

    /// `memcmp` rather than `==`, which compares element by element in a debug build, where CI runs.
    private static func sameBytes(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        first.count == second.count
            && first.withUnsafeBytes { a in
                second.withUnsafeBytes { b in
                    guard let left = a.baseAddress, let right = b.baseAddress else { return true }
                    return memcmp(left, right, a.count) == 0
                }
            }
    }

    private mutating func handleClose(_ frame: Frame, at time: Double) -> [Action] {
        self.observation.closing.closeReceived = true
        let close: ClosePayload
        switch ClosePayload.parse(frame.payload) {
        case .success(let payload): close = payload
        case .failure(let violation): return self.fail(because: [violation], at: time)
        }
        self.observation.closing.serverCode = close.code
        self.observation.closing.serverReason = close.reason
        self.record(
            .closeReceived(code: close.code?.rawValue, reason: String(decoding: close.reason, as: UTF8.self)),
            at: time
        )
        guard !self.observation.closing.closeSent else { return [] }
        // RFC 6455 §5.5.1: answer a close with a close, echoing the status code.
        return [self.sendClose(code: close.code, reason: "", at: time)]
    }

    /// Fails the connection as RFC 6455 §7.1.7 asks: a 1002 close if none was sent yet, then TCP down.
    private mutating func fail(because violations: [FrameViolation], at time: Double) -> [Action] {
        for violation in violations {
            self.observation.violations.append(violation)
            self.record(
                .violation(
                    rule: violation.kind.description,
                    section: violation.rfcSection,
                    detail: violation.detail,
                    offset: violation.offset
                ),
                at: time
            )
        }
        self.observation.closing.failedByHarness = true
        var actions: [Action] = []
        if !self.observation.closing.closeSent && !self.observation.closing.closeReceived {
            self.observation.closing.closedByHarness = true
            actions.append(self.sendClose(code: .protocolError, reason: "", at: time))
        }
        return actions + self.drop(reason: "the server broke a rule", at: time)
    }

    private mutating func sendClose(code: CloseCode?, reason: String, at time: Double) -> Action {
        self.observation.closing.closeSent = true
        self.record(.closeSent(code: code?.rawValue, reason: reason), at: time)
        return .send(.clientClose(code: code, reason: reason))
    }
}

extension FrameViolation.Kind {
    /// A frame arrived after the peer's close frame.
    public static let frameAfterClose = FrameViolation.Kind(rawValue: "frameAfterClose")
}

extension FrameViolation {
    /// RFC 6455 §5.5.1: after sending a close frame, an endpoint must not send any more data.
    static func frameAfterClose(offset: Int) -> FrameViolation {
        FrameViolation(
            kind: .frameAfterClose,
            rfcSection: "5.5.1",
            detail: "the server sent a frame after its close frame",
            offset: offset
        )
    }
}
