import NIOCore

/// An incremental, lenient RFC 6455 §5 frame parser: bytes may arrive split at any position, and every rule
/// the peer breaks is recorded on the frame (`ParsedFrame.violations`) instead of thrown, so the judge sees
/// all of them and the stream keeps going. Only a frame larger than `maxFrameSize` stops it (`fatalViolation`).
public struct FrameParser: Sendable {
    /// Limits and the negotiated context the rules depend on.
    public struct Configuration: Hashable, Sendable {
        /// Largest payload accepted; a header announcing more stops the parser without allocating (§10.4).
        public var maxFrameSize: Int
        /// false: we are the client, so frames must be unmasked; true: we are the server (§5.1).
        public var expectMasked: Bool
        /// RSV bits an extension negotiated, as a mask: 0b100 = RSV1 (permessage-deflate), 0b010, 0b001.
        public var allowedReservedBits: UInt8

        /// Creates a configuration; the defaults suit a client talking to a server without extensions.
        public init(maxFrameSize: Int = 64 << 20, expectMasked: Bool = false, allowedReservedBits: UInt8 = 0) {
            self.maxFrameSize = maxFrameSize
            self.expectMasked = expectMasked
            self.allowedReservedBits = allowedReservedBits
        }
    }

    /// What is known about the frame being read, filled in as its header bytes arrive.
    private struct Header: Sendable {
        var offset: Int
        var firstByte: UInt8
        var masked: Bool = false
        var length: UInt64 = 0
        var encoding: PayloadLengthEncoding = .sevenBit
        var maskingKey: MaskingKey?
        var byteCount: Int = 2

        var opcode: Opcode { Opcode(nibble: self.firstByte) }
        var fin: Bool { self.firstByte & 0x80 != 0 }
        var reservedBits: UInt8 { (self.firstByte >> 4) & 0b111 }
    }

    /// Explicit parse state (the shape of NIOWebSocket's `DecoderState`); each state names what it waits for.
    private enum State: Sendable {
        /// Between frames, waiting for the first header byte.
        case idle
        /// Waiting for the mask bit and 7-bit length.
        case firstByteReceived(Header)
        /// The 7-bit length was 126 or 127; waiting for 2 or 8 length bytes.
        case waitingForExtendedLength(Header)
        /// The mask bit was set; waiting for the 4-byte key.
        case waitingForMask(Header)
        /// The header is complete and within bounds; waiting for `length` payload bytes, of which `delivered`
        /// were already handed out by `takePartialPayload()`.
        case waitingForData(Header, length: Int, delivered: Int)
        /// A frame exceeded `maxFrameSize`; nothing more is parsed.
        case stopped
    }

    private enum StepResult {
        case insufficientData
        case continueParsing
        case frame(ParsedFrame)
    }

    /// The limits and negotiated context this parser judges by.
    public let configuration: Configuration
    private var state: State = .idle
    private var buffer: ByteBuffer
    /// Stream offset of the buffer's reader index.
    private var consumed: Int = 0
    /// The opcode of the fragmented message in progress, tracked for the continuation rules of §5.4.
    public private(set) var openMessageOpcode: Opcode?
    /// Non-nil once a frame larger than `maxFrameSize` was announced; parsing stops there (§10.4).
    public private(set) var fatalViolation: FrameViolation?
    /// The other rules broken by the header that caused `fatalViolation` (for example a 64-bit length MSB).
    public private(set) var fatalFrameViolations: [FrameViolation] = []

    /// Creates a parser at the start of a stream.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        self.buffer = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// Bytes appended but not yet returned as part of a frame.
    public var bufferedByteCount: Int {
        self.buffer.readableBytes
    }

    /// Stream offset of the next byte the parser will read.
    public var streamOffset: Int {
        self.consumed
    }

    /// Adds received bytes; ignored once `fatalViolation` is set, so a hostile peer cannot grow the buffer.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard self.fatalViolation == nil else { return }
        self.buffer.writeBytes(bytes)
    }

    /// Adds the readable bytes of a `ByteBuffer`.
    public mutating func append(_ bytes: ByteBuffer) {
        guard self.fatalViolation == nil else { return }
        var bytes = bytes
        self.buffer.writeBuffer(&bytes)
    }

    /// The next complete frame with its violations, or nil when more bytes are needed (or parsing stopped).
    public mutating func next() -> ParsedFrame? {
        while true {
            switch self.parseStep() {
            case .insufficientData:
                self.compactIfWorthwhile()
                return nil
            case .continueParsing:
                continue
            case .frame(let parsed):
                self.compactIfWorthwhile()
                return parsed
            }
        }
    }

    /// Parses every complete frame currently buffered.
    public mutating func drain() -> [ParsedFrame] {
        var frames: [ParsedFrame] = []
        while let frame = self.next() {
            frames.append(frame)
        }
        return frames
    }

    /// The payload bytes of the frame still being received that arrived since the last call, unmasked; nil when
    /// there are none. Each byte is handed out once, and the frame is still returned whole by `next()`. This
    /// lets `MessageAssembler.pushPartial` reject invalid UTF-8 before a large frame has fully arrived (§8.1).
    public mutating func takePartialPayload() -> PartialPayload? {
        while true {
            switch self.state {
            case .idle, .firstByteReceived, .waitingForExtendedLength, .waitingForMask:
                // Header states never complete a frame, so stepping through them is safe here.
                guard case .continueParsing = self.parseStep() else { return nil }
            case .waitingForData(let header, let length, let delivered):
                let available = min(self.buffer.readableBytes, length)
                guard available > delivered,
                    var bytes = self.buffer.getBytes(
                        at: self.buffer.readerIndex &+ delivered,
                        length: available &- delivered
                    )
                else {
                    return nil
                }
                header.maskingKey?.apply(to: &bytes, phase: delivered)
                self.state = .waitingForData(header, length: length, delivered: available)
                return PartialPayload(
                    opcode: header.opcode,
                    fin: header.fin,
                    frameOffset: header.offset,
                    payloadOffset: header.offset &+ header.byteCount,
                    payloadIndex: delivered,
                    bytes: bytes
                )
            case .stopped:
                return nil
            }
        }
    }

    private mutating func readByte() -> UInt8? {
        guard let byte = self.buffer.readInteger(as: UInt8.self) else { return nil }
        self.consumed &+= 1
        return byte
    }

    private mutating func parseStep() -> StepResult {
        switch self.state {
        case .idle:
            let offset = self.consumed
            guard let firstByte = self.readByte() else { return .insufficientData }
            self.state = .firstByteReceived(Header(offset: offset, firstByte: firstByte))
            return .continueParsing

        case .firstByteReceived(var header):
            guard let lengthByte = self.readByte() else { return .insufficientData }
            header.masked = lengthByte & 0x80 != 0
            switch lengthByte & 0x7F {
            case 126:
                header.encoding = .sixteenBit
                self.state = .waitingForExtendedLength(header)
            case 127:
                header.encoding = .sixtyFourBit
                self.state = .waitingForExtendedLength(header)
            case let length:
                header.length = UInt64(length)
                self.state = header.masked ? .waitingForMask(header) : self.headerComplete(header)
            }
            return .continueParsing

        case .waitingForExtendedLength(var header):
            if header.encoding == .sixteenBit {
                guard let length = self.buffer.readInteger(as: UInt16.self) else { return .insufficientData }
                header.length = UInt64(length)
                header.byteCount &+= 2
                self.consumed &+= 2
            } else {
                guard let length = self.buffer.readInteger(as: UInt64.self) else { return .insufficientData }
                header.length = length
                header.byteCount &+= 8
                self.consumed &+= 8
            }
            self.state = header.masked ? .waitingForMask(header) : self.headerComplete(header)
            return .continueParsing

        case .waitingForMask(var header):
            guard let key = self.buffer.readInteger(as: UInt32.self) else { return .insufficientData }
            header.maskingKey = MaskingKey(networkOrder: key)
            header.byteCount &+= 4
            self.consumed &+= 4
            self.state = self.headerComplete(header)
            return .continueParsing

        case .waitingForData(let header, let length, _):
            guard self.buffer.readableBytes >= length,
                var payload = self.buffer.readBytes(length: length)
            else {
                return .insufficientData
            }
            self.consumed &+= length
            header.maskingKey?.apply(to: &payload)
            self.state = .idle
            return .frame(self.finish(header, payload: payload))

        case .stopped:
            return .insufficientData
        }
    }

    /// Applies the bound of §10.4 once the length is known: either wait for the payload or stop for good.
    private mutating func headerComplete(_ header: Header) -> State {
        let limit = UInt64(max(0, self.configuration.maxFrameSize))
        if header.length <= limit, let length = Int(exactly: header.length) {
            return .waitingForData(header, length: length, delivered: 0)
        }
        self.fatalFrameViolations = self.headerViolations(header)
        self.fatalViolation = FrameViolation(
            kind: .frameTooLarge,
            detail: "The frame header announces \(header.length) payload bytes, more than the limit of "
                + "\(self.configuration.maxFrameSize); parsing stopped.",
            offset: header.offset
        )
        self.buffer.clear()
        return .stopped
    }

    /// Builds the parsed frame and runs every rule over it; also advances the §5.4 fragmentation state.
    private mutating func finish(_ header: Header, payload: [UInt8]) -> ParsedFrame {
        let wireWasMinimal = header.encoding == PayloadLengthEncoding.minimal.resolved(for: header.length)
        let frame = Frame(
            fin: header.fin,
            rsv1: header.reservedBits & 0b100 != 0,
            rsv2: header.reservedBits & 0b010 != 0,
            rsv3: header.reservedBits & 0b001 != 0,
            opcode: header.opcode,
            maskingKey: header.maskingKey,
            payload: payload,
            lengthEncoding: wireWasMinimal ? .minimal : header.encoding
        )
        var violations = self.headerViolations(header)
        violations.append(contentsOf: self.fragmentationViolations(header))
        let payloadOffset = header.offset &+ header.byteCount
        if header.opcode == .close, case .failure(let violation) = ClosePayload.parse(payload) {
            violations.append(violation.shifted(by: payloadOffset))
        }
        return ParsedFrame(frame: frame, offset: header.offset, payloadOffset: payloadOffset, violations: violations)
    }

    /// The rules a header alone can break (§5.1, §5.2, §5.5).
    private func headerViolations(_ header: Header) -> [FrameViolation] {
        var violations: [FrameViolation] = []
        let at = header.offset
        let opcode = header.opcode
        if header.masked && !self.configuration.expectMasked {
            violations.append(
                FrameViolation(kind: .maskedServerFrame, detail: "A server must not mask frames it sends.", offset: at)
            )
        } else if !header.masked && self.configuration.expectMasked {
            violations.append(
                FrameViolation(kind: .unmaskedClientFrame, detail: "A client must mask every frame.", offset: at)
            )
        }
        let unexpectedBits = header.reservedBits & ~self.configuration.allowedReservedBits
        if unexpectedBits != 0 {
            violations.append(
                FrameViolation(
                    kind: .reservedBitSet,
                    detail: "\(Self.names(ofReservedBits: unexpectedBits)) set without an extension that defines it.",
                    offset: at
                )
            )
        } else if header.reservedBits & 0b100 != 0 && (opcode.isControl || opcode == .continuation) {
            violations.append(
                FrameViolation(
                    kind: .reservedBitSet,
                    rfcSection: "RFC 7692 6.1",
                    detail: "RSV1 (compressed) may only be set on the first frame of a data message.",
                    offset: at
                )
            )
        }
        if opcode.isReserved {
            violations.append(
                FrameViolation(
                    kind: .reservedOpcode,
                    detail: "Opcode 0x\(String(opcode.rawValue, radix: 16, uppercase: true)) is reserved.",
                    offset: at
                )
            )
        }
        if opcode.isControl && !header.fin {
            violations.append(
                FrameViolation(
                    kind: .fragmentedControlFrame,
                    detail: "Control frame \(opcode) has FIN clear; control frames must not be fragmented.",
                    offset: at
                )
            )
        }
        if opcode.isControl && header.length > 125 {
            violations.append(
                FrameViolation(
                    kind: .oversizedControlFrame,
                    detail: "Control frame \(opcode) carries \(header.length) bytes; at most 125 are allowed.",
                    offset: at
                )
            )
        }
        if header.encoding == .sixtyFourBit && header.length & (1 << 63) != 0 {
            violations.append(
                FrameViolation(
                    kind: .lengthMostSignificantBitSet,
                    detail: "The most significant bit of a 64-bit payload length must be 0.",
                    offset: at
                )
            )
        }
        if header.encoding != PayloadLengthEncoding.minimal.resolved(for: header.length) {
            let form = header.encoding == .sixteenBit ? "16-bit" : "64-bit"
            violations.append(
                FrameViolation(
                    kind: .nonMinimalLength,
                    detail: "Length \(header.length) was written in the \(form) form; the minimal form must be used.",
                    offset: at
                )
            )
        }
        return violations
    }

    /// The continuation rules of §5.4, which span frames; updates `openMessageOpcode`.
    private mutating func fragmentationViolations(_ header: Header) -> [FrameViolation] {
        let opcode = header.opcode
        if opcode == .continuation {
            guard self.openMessageOpcode != nil else {
                return [
                    FrameViolation(
                        kind: .unexpectedContinuation,
                        detail: "A continuation frame arrived while no fragmented message was open.",
                        offset: header.offset
                    )
                ]
            }
            if header.fin {
                self.openMessageOpcode = nil
            }
            return []
        }
        guard opcode.isDataStart else {
            return []
        }
        var violations: [FrameViolation] = []
        if let open = self.openMessageOpcode {
            violations.append(
                FrameViolation(
                    kind: .expectedContinuation,
                    detail: "A new \(opcode) frame arrived while a fragmented \(open) message was still open.",
                    offset: header.offset
                )
            )
        }
        self.openMessageOpcode = header.fin ? nil : opcode
        return violations
    }

    private static func names(ofReservedBits bits: UInt8) -> String {
        var names: [String] = []
        if bits & 0b100 != 0 { names.append("RSV1") }
        if bits & 0b010 != 0 { names.append("RSV2") }
        if bits & 0b001 != 0 { names.append("RSV3") }
        return names.joined(separator: " and ")
    }

    /// Reclaims consumed bytes so a long stream does not grow the buffer without bound.
    private mutating func compactIfWorthwhile() {
        if self.buffer.readableBytes == 0 {
            self.buffer.clear()
        } else if self.buffer.readerIndex >= 64 * 1024 && self.buffer.readerIndex >= self.buffer.readableBytes {
            self.buffer.discardReadBytes()
        }
    }
}
