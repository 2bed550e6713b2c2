/// Reassembles data frames into messages (RFC 6455 §5.4) and validates text as it arrives, so an invalid byte
/// is reported with its stream offset at once (fail fast, §8.1), not at FIN. With `pushPartial` it is reported
/// even before the frame holding it is complete. Messages are bounded by `maxMessageSize` (§10.4); a message
/// that breaks a rule is dropped up to its final fragment.
///
/// Continuation-rule breaches are already on `ParsedFrame.violations` (the parser tracks them); the assembler
/// does not repeat them. It ignores an orphan continuation, and a new text or binary frame while a message is
/// open abandons the old message and starts a new one. Control and reserved-opcode frames are ignored.
public struct MessageAssembler: Sendable {
    /// What pushing one frame produced.
    public enum Event: Hashable, Sendable {
        /// A complete message: its opcode (`.text` or `.binary`) and the concatenated payload.
        case message(opcode: Opcode, payload: [UInt8])
        /// A rule the message broke (invalid UTF-8, too large); the message is dropped.
        case violation(FrameViolation)
    }

    /// The message being assembled.
    private struct Partial: Sendable {
        var opcode: Opcode
        /// Payload of the message's completed frames.
        var payload: [UInt8] = []
        var validator = UTF8Validator()
        /// After a violation the rest of the message is skipped up to its final fragment.
        var failed = false
        /// The frame (by stream offset) whose first `preChecked` payload bytes `pushPartial` already checked.
        var preCheckedFrame: Int?
        var preChecked = 0

        /// Payload bytes of `frameOffset` that were checked before the frame completed.
        func alreadyChecked(inFrameAt frameOffset: Int) -> Int {
            self.preCheckedFrame == frameOffset ? self.preChecked : 0
        }
    }

    /// Largest message, in payload bytes, that is assembled.
    public let maxMessageSize: Int
    private var partial: Partial?

    /// Creates an assembler with no message open.
    public init(maxMessageSize: Int = 64 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether a fragmented message is open (its first frame has arrived, its final one has not).
    public var isAssembling: Bool {
        self.partial != nil
    }

    /// Payload bytes collected so far for the open message.
    public var bufferedByteCount: Int {
        self.partial?.payload.count ?? 0
    }

    /// Adds one parsed frame; returns the message it completes and any violation it reveals.
    public mutating func push(_ parsed: ParsedFrame) -> [Event] {
        let frame = parsed.frame
        guard var partial = self.takePartial(for: frame.opcode, frameOffset: parsed.offset) else {
            return []
        }
        var events: [Event] = []
        if !partial.failed {
            let checked = partial.alreadyChecked(inFrameAt: parsed.offset)
            let unchecked = frame.payload[min(checked, frame.payload.count)...]
            if let violation = self.check(
                unchecked,
                payloadIndex: checked,
                payloadOffset: parsed.payloadOffset,
                frameOffset: parsed.offset,
                fin: frame.fin,
                in: &partial
            ) {
                events.append(.violation(violation))
            } else {
                partial.payload.append(contentsOf: frame.payload)
                if frame.fin {
                    events.append(.message(opcode: partial.opcode, payload: partial.payload))
                }
            }
        }
        partial.preCheckedFrame = nil
        partial.preChecked = 0
        if !frame.fin {
            self.partial = partial
        }
        return events
    }

    /// Checks payload bytes of a frame that has not completed yet (from `FrameParser.takePartialPayload()`), so
    /// invalid UTF-8 or an oversized message is reported as soon as the offending byte arrives. The frame must
    /// still be passed to `push` when it completes; bytes checked here are not checked twice.
    public mutating func pushPartial(_ piece: PartialPayload) -> [Event] {
        guard var partial = self.takePartial(for: piece.opcode, frameOffset: piece.frameOffset) else {
            return []
        }
        if partial.preCheckedFrame != piece.frameOffset {
            partial.preCheckedFrame = piece.frameOffset
            partial.preChecked = 0
        }
        var events: [Event] = []
        if !partial.failed, piece.payloadIndex == partial.preChecked {
            if let violation = self.check(
                piece.bytes[...],
                payloadIndex: piece.payloadIndex,
                payloadOffset: piece.payloadOffset,
                frameOffset: piece.frameOffset,
                fin: false,
                in: &partial
            ) {
                events.append(.violation(violation))
            }
            partial.preChecked &+= piece.bytes.count
        }
        self.partial = partial
        return events
    }

    /// The message a frame with `opcode` belongs to, removed from `self` (to avoid copy-on-write while it is
    /// updated): a new one for text or binary, the open one for a continuation, nil for anything else.
    private mutating func takePartial(for opcode: Opcode, frameOffset: Int) -> Partial? {
        if let open = self.partial, open.preCheckedFrame == frameOffset {
            self.partial = nil
            return open
        }
        if opcode.isDataStart {
            self.partial = nil
            return Partial(opcode: opcode)
        }
        guard opcode == .continuation, let open = self.partial else {
            return nil
        }
        self.partial = nil
        return open
    }

    /// Enforces the size bound and, for text, UTF-8 over `bytes`, which start at `payloadIndex` of the frame.
    /// On a violation the message is marked failed and its payload released.
    private func check(
        _ bytes: ArraySlice<UInt8>,
        payloadIndex: Int,
        payloadOffset: Int,
        frameOffset: Int,
        fin: Bool,
        in partial: inout Partial
    ) -> FrameViolation? {
        let violation = self.findViolation(
            bytes,
            payloadIndex: payloadIndex,
            payloadOffset: payloadOffset,
            frameOffset: frameOffset,
            fin: fin,
            in: &partial
        )
        if violation != nil {
            partial.failed = true
            partial.payload = []
        }
        return violation
    }

    private func findViolation(
        _ bytes: ArraySlice<UInt8>,
        payloadIndex: Int,
        payloadOffset: Int,
        frameOffset: Int,
        fin: Bool,
        in partial: inout Partial
    ) -> FrameViolation? {
        let (end, overflow) = partial.payload.count.addingReportingOverflow(payloadIndex &+ bytes.count)
        if overflow || end > self.maxMessageSize {
            return FrameViolation(
                kind: .messageTooLarge,
                detail: "The \(partial.opcode) message grew to more than \(self.maxMessageSize) bytes.",
                offset: frameOffset
            )
        }
        guard partial.opcode == .text else {
            return nil
        }
        var status = partial.validator.feed(bytes)
        if fin, status == .incomplete {
            status = partial.validator.finish()
        }
        guard case .invalid(let messageOffset) = status else {
            return nil
        }
        // The message offset minus the bytes of earlier frames is the index within this frame's payload.
        let indexInFrame = max(0, messageOffset &- partial.payload.count)
        return FrameViolation(
            kind: .invalidUTF8,
            detail: "Text message is not valid UTF-8 at byte \(messageOffset) of the message.",
            offset: payloadOffset &+ indexInFrame
        )
    }
}
