import NIOCore
import NIOWebSocket
import WebSocketWire

/// The server side of one WebSocket connection after the upgrade, as a plain state machine: bytes go in, actions
/// come out. Keeping I/O out of it lets tests drive every RFC 6455 rule without a socket.
///
/// Payloads stream through it: a frame is judged from its header, and text is validated as each piece of a
/// frame arrives, so invalid UTF-8 fails the connection at the first impossible byte (§8.1 "fail fast").
struct EchoStateMachine {
    /// What the channel handler must do, in order.
    enum Action {
        /// Write this frame (flushed when the current read completes, or by `.shutdownOutput`).
        case send(WebSocketFrame)
        /// Flush, half-close TCP (send FIN) and wait a bounded time for the client to close its side (§7.1.1).
        case shutdownOutput
        /// Close TCP at once, without a close frame.
        case drop
    }

    private enum State {
        /// Frames flow both ways.
        case open
        /// We sent a close frame or dropped the connection: nothing more is sent, input is discarded (§5.5.1).
        case closed
    }

    /// The frame whose payload is being read.
    private struct FrameInProgress {
        var header: FrameHeader
        var remaining: Int
        /// Payload bytes of this frame already read (the index into the masking key, §5.3).
        var consumed: Int = 0
        /// Collects a control frame's payload; data frames stream into the message instead.
        var controlPayload: ByteBuffer?
    }

    /// The data message being reassembled from its fragments (§5.4).
    private struct MessageInProgress {
        var isText: Bool
        var payload: ByteBuffer
        /// RSV1 was set on the first frame of a permessage-deflate connection (RFC 7692 §6.1).
        var isCompressed = false
        var validator = UTF8Validator()
    }

    private let faults: Set<ServerFault>
    private let maxFrameSize: Int
    private let maxMessageSize: Int
    private let allocator: ByteBufferAllocator
    private let deflate: DeflateSession?
    private var state: State = .open
    private var frame: FrameInProgress?
    private var message: MessageInProgress?
    private var partialHeader: ByteBuffer?

    init(configuration: ReferenceServerConfiguration, allocator: ByteBufferAllocator, deflate: DeflateSession? = nil) {
        self.deflate = deflate
        self.faults = configuration.faults
        self.maxFrameSize = max(0, configuration.maxFrameSize)
        self.maxMessageSize = max(0, configuration.maxMessageSize)
        self.allocator = allocator
    }

    /// Consumes every readable byte of `buffer` and returns what to do about it.
    mutating func receive(_ input: inout ByteBuffer) -> [Action] {
        var actions: [Action] = []
        // A frame header split across reads waits in `partialHeader` (at most 13 bytes) for the rest.
        var buffer: ByteBuffer
        if var partial = self.partialHeader {
            self.partialHeader = nil
            partial.writeBuffer(&input)
            buffer = partial
        } else {
            buffer = input
            input.moveReaderIndex(to: input.writerIndex)
        }
        while case .open = self.state {
            if var frame = self.frame {
                self.frame = nil
                guard self.readPayload(of: &frame, from: &buffer, actions: &actions) else {
                    break
                }
                if frame.remaining > 0 {
                    self.frame = frame
                    break
                }
                self.complete(frame, actions: &actions)
            } else {
                guard let header = FrameHeader.read(from: &buffer) else {
                    break
                }
                self.begin(header, actions: &actions)
            }
        }
        if case .open = self.state, buffer.readableBytes > 0 {
            self.partialHeader = buffer
        }
        // After our Close the peer's bytes no longer matter (§5.5.1); they are dropped so the read side drains.
        return actions
    }

    // MARK: Frame headers

    /// Judges a frame by its header (§5.2-§5.5) and sets up reading its payload.
    private mutating func begin(_ header: FrameHeader, actions: inout [Action]) {
        if let failure = self.violation(of: header) {
            self.fail(failure, actions: &actions)
            return
        }
        // `violation(of:)` bounded the length by maxFrameSize, an Int.
        let length = Int(header.length)
        var frame = FrameInProgress(header: header, remaining: length)
        if header.isControl || header.isReservedOpcode {
            frame.controlPayload = self.allocator.buffer(capacity: min(length, 125))
        } else if header.opcode != FrameHeader.continuation {
            // Capacity grows with the bytes that really arrive, not with what a (hostile) header announces.
            let payload = self.allocator.buffer(capacity: min(length, Self.initialMessageCapacity))
            self.message = MessageInProgress(
                isText: header.opcode == FrameHeader.text,
                payload: payload,
                isCompressed: self.deflate != nil
                    && (header.reservedBits & Self.rsv1 != 0 || self.faults.contains(.deflateInflateEveryMessage))
            )
        }
        if length == 0 {
            self.complete(frame, actions: &actions)
        } else {
            self.frame = frame
        }
    }

    /// RSV1 in the first header byte, as `FrameHeader.reservedBits` holds it.
    private static let rsv1: UInt8 = 0x40

    /// The most a frame header alone makes the server allocate for a new message.
    private static let initialMessageCapacity = 64 * 1024

    /// The first rule `header` breaks, checked before any payload byte is read.
    private func violation(of header: FrameHeader) -> ConnectionFailure? {
        if header.maskingKey == nil && !self.faults.contains(.acceptUnmaskedFrames) {
            return .protocolError("5.1", "client frames must be masked")
        }
        // RFC 7692 §6.1: with permessage-deflate, RSV1 may mark the first frame of a data message only.
        let startsMessage = header.opcode == FrameHeader.text || header.opcode == FrameHeader.binary
        let allowed = self.deflate != nil && startsMessage ? Self.rsv1 : 0
        if header.reservedBits & ~allowed != 0 && !self.faults.contains(.acceptRSVBits) {
            if self.deflate != nil && header.reservedBits == Self.rsv1 {
                return .protocolError("RFC 7692 §6.1", "RSV1 set on a control or continuation frame")
            }
            return .protocolError("5.2", "RSV bits set but no extension was negotiated")
        }
        if header.length > UInt64(Int64.max) {
            return .protocolError("5.2", "the most significant bit of a 64-bit length must be 0")
        }
        if header.length > UInt64(self.maxFrameSize) {
            return .tooBig("frame of \(header.length) bytes exceeds the limit of \(self.maxFrameSize)")
        }
        if header.isReservedOpcode {
            if self.faults.contains(.acceptReservedOpcode) {
                return nil
            }
            return .protocolError("5.2", "reserved opcode \(header.opcode)")
        }
        if header.isControl {
            if !header.fin && !self.faults.contains(.acceptFragmentedControl) {
                return .protocolError("5.5", "control frames must not be fragmented")
            }
            if header.length > 125 && !self.faults.contains(.answerOversizedPing) {
                return .protocolError("5.5", "control frame payload longer than 125 bytes")
            }
            return nil
        }
        if header.opcode == FrameHeader.continuation {
            guard let message = self.message else {
                if self.faults.contains(.acceptStrayContinuation) {
                    return nil
                }
                return .protocolError("5.4", "continuation frame without a message to continue")
            }
            if header.length > UInt64(self.maxMessageSize - message.payload.readableBytes) {
                return .tooBig("message exceeds the limit of \(self.maxMessageSize) bytes")
            }
            return nil
        }
        if self.message != nil {
            return .protocolError("5.4", "new data frame while a fragmented message is unfinished")
        }
        if header.length > UInt64(self.maxMessageSize) {
            return .tooBig("message exceeds the limit of \(self.maxMessageSize) bytes")
        }
        return nil
    }

    // MARK: Payloads

    /// Moves as much of the frame's payload as `buffer` holds into place, unmasked; false if the connection failed.
    private mutating func readPayload(
        of frame: inout FrameInProgress,
        from buffer: inout ByteBuffer,
        actions: inout [Action]
    ) -> Bool {
        let count = min(frame.remaining, buffer.readableBytes)
        guard count > 0, let chunk = buffer.readSlice(length: count) else {
            return true
        }
        defer {
            frame.remaining -= count
            frame.consumed += count
        }
        let key = frame.header.maskingKey
        if var control = frame.controlPayload {
            frame.controlPayload = nil
            Self.append(chunk, to: &control, key: key, keyOffset: frame.consumed)
            frame.controlPayload = control
            return true
        }
        guard var message = self.message else {
            return true  // a stray continuation the fault lets through: its payload is dropped
        }
        self.message = nil
        let start = message.payload.writerIndex
        Self.append(chunk, to: &message.payload, key: key, keyOffset: frame.consumed)
        if message.isText && !message.isCompressed && self.validatesEagerly,
            let piece = message.payload.getSlice(at: start, length: count)
        {
            // §8.1: fail as soon as the first impossible byte is in, even mid-frame.
            if case .invalid = message.validator.feed(piece) {
                self.fail(.invalidPayload("8.1", "text message is not valid UTF-8"), actions: &actions)
                return false
            }
        }
        self.message = message
        return true
    }

    /// Appends `chunk` to `target` and unmasks what was appended (§5.3).
    private static func append(
        _ chunk: ByteBuffer,
        to target: inout ByteBuffer,
        key: WebSocketMaskingKey?,
        keyOffset: Int
    ) {
        let start = target.writerIndex
        target.writeImmutableBuffer(chunk)
        if let key {
            target.unmask(at: start, length: chunk.readableBytes, key: key, keyOffset: keyOffset)
        }
    }

    private var validatesEagerly: Bool {
        !self.faults.contains(.acceptInvalidUTF8) && !self.faults.contains(.lateUTF8Failure)
    }

    // MARK: Complete frames

    private mutating func complete(_ frame: FrameInProgress, actions: inout [Action]) {
        let header = frame.header
        if header.isReservedOpcode {
            return  // only reachable with .acceptReservedOpcode: the frame is ignored
        }
        if let payload = frame.controlPayload {
            self.control(opcode: header.opcode, payload: payload, actions: &actions)
            return
        }
        if header.fin {
            self.finishMessage(actions: &actions)
        }
    }

    /// A whole message is in: check its text (§8.1) and echo it as one frame.
    private mutating func finishMessage(actions: inout [Action]) {
        guard var message = self.message else {
            return
        }
        self.message = nil
        if message.isCompressed, let deflate = self.deflate {
            switch deflate.inflate(message.payload, allocator: self.allocator) {
            case .success(let inflated):
                message.payload = inflated
                if message.isText && self.validatesEagerly {
                    message.validator.feed(inflated)
                }
            case .failure(let failure):
                self.fail(failure, actions: &actions)
                return
            case .dropped:
                return
            }
        }
        if message.isText && !self.faults.contains(.acceptInvalidUTF8) {
            var validator = message.validator
            if self.faults.contains(.lateUTF8Failure) {
                validator.feed(message.payload)
            }
            if case .invalid = validator.finish() {
                self.fail(.invalidPayload("8.1", "text message is not valid UTF-8"), actions: &actions)
                return
            }
        }
        var payload = message.payload
        if self.faults.contains(.corruptEcho) {
            Self.corrupt(&payload)
        }
        let opcode: WebSocketOpcode = message.isText ? .text : .binary
        if let deflate = self.deflate {
            let frames = deflate.frames(opcode: opcode, payload: payload, allocator: self.allocator) {
                self.faults.contains(.maskServerFrames) ? .random() : nil
            }
            guard let frames else {
                self.fail(.deflateFailed, actions: &actions)
                return
            }
            actions.append(contentsOf: frames.map { .send($0) })
            return
        }
        actions.append(.send(self.outbound(opcode: opcode, payload: payload)))
    }

    private mutating func control(opcode: UInt8, payload: ByteBuffer, actions: inout [Action]) {
        switch opcode {
        case FrameHeader.ping:
            // §5.5.2: answer with a pong carrying the same application data (§5.5.3).
            guard !self.faults.contains(.noPong) else {
                return
            }
            var answer = payload
            if self.faults.contains(.pongWrongPayload) {
                Self.corrupt(&answer)
            }
            actions.append(.send(self.outbound(opcode: .pong, payload: answer)))
        case FrameHeader.pong:
            // §5.5.3: an unsolicited pong is a heartbeat; no response is expected.
            if self.faults.contains(.answerUnsolicitedPong) {
                actions.append(.send(self.outbound(opcode: .pong, payload: payload)))
            }
        case FrameHeader.close:
            self.peerClosed(payload: payload, actions: &actions)
        default:
            break
        }
    }

    /// §5.5.1, §7.1.5: the peer started the closing handshake; check its payload and echo its code.
    private mutating func peerClosed(payload: ByteBuffer, actions: inout [Action]) {
        guard !self.faults.contains(.noCloseReply) else {
            return
        }
        var reply = self.allocator.buffer(capacity: 2)
        if payload.readableBytes == 1 {
            self.fail(.protocolError("5.5.1", "close payload of 1 byte cannot hold a status code"), actions: &actions)
            return
        }
        if let raw = payload.getInteger(at: payload.readerIndex, as: UInt16.self) {
            let code = CloseCode(rawValue: raw)
            if !code.mayAppearOnWire && !self.faults.contains(.acceptInvalidCloseCode) {
                self.fail(.protocolError("7.4", "close code \(raw) may not appear on the wire"), actions: &actions)
                return
            }
            let reason = payload.getSlice(at: payload.readerIndex + 2, length: payload.readableBytes - 2)
            if let reason, case .invalid = UTF8Validator.validate(reason.readableBytesView) {
                self.fail(.invalidPayload("5.5.1", "close reason is not valid UTF-8"), actions: &actions)
                return
            }
            reply.writeInteger(raw)
        }
        self.state = .closed
        self.frame = nil
        self.message = nil
        actions.append(.send(self.outbound(opcode: .connectionClose, payload: reply)))
        if self.faults.contains(.dataAfterClose) {
            let late = self.allocator.buffer(string: "sent after close")
            actions.append(.send(self.outbound(opcode: .text, payload: late)))
        }
        actions.append(.shutdownOutput)
    }

    // MARK: Failing

    /// §7.1.7 Fail the WebSocket Connection: send a close frame with the code the failure calls for, then close.
    private mutating func fail(_ failure: ConnectionFailure, actions: inout [Action]) {
        self.state = .closed
        self.frame = nil
        self.message = nil
        if self.faults.contains(.dropWithoutClose) {
            actions.append(.drop)
            return
        }
        let code = self.faults.contains(.wrongCloseCode) ? CloseCode.normalClosure : failure.code
        var payload = self.allocator.buffer(capacity: 2 + failure.closeReason.utf8.count)
        payload.writeInteger(code.rawValue)
        payload.writeString(failure.closeReason)
        actions.append(.send(self.outbound(opcode: .connectionClose, payload: payload)))
        actions.append(.shutdownOutput)
    }

    // MARK: Outbound frames

    /// One unfragmented outbound frame; unmasked as §5.1 requires unless `.maskServerFrames` is on.
    private func outbound(opcode: WebSocketOpcode, payload: ByteBuffer) -> WebSocketFrame {
        let key: WebSocketMaskingKey? = self.faults.contains(.maskServerFrames) ? .random() : nil
        return WebSocketFrame(fin: true, opcode: opcode, maskKey: key, data: payload)
    }

    /// Changes a payload so it no longer equals the original: flips the low bit of its first byte, or adds a byte.
    private static func corrupt(_ payload: inout ByteBuffer) {
        if let first = payload.getInteger(at: payload.readerIndex, as: UInt8.self) {
            payload.setInteger(first ^ 0x01, at: payload.readerIndex)
        } else {
            payload.writeInteger(UInt8(ascii: "!"))
        }
    }
}
