/// A frame as it came off the wire, with every RFC 6455 rule it broke; the parser's unit of output.
public struct ParsedFrame: Hashable, Sendable {
    /// The frame, unmasked; `lengthEncoding` is `.minimal` unless the peer used a longer form.
    public var frame: Frame
    /// Stream offset of the frame's first header byte.
    public var offset: Int
    /// Stream offset of the frame's first payload byte (after header, extended length and mask).
    public var payloadOffset: Int
    /// Rules the frame broke, in the order they were found; empty for a valid frame.
    public var violations: [FrameViolation]

    /// Creates a parsed frame; `payloadOffset` defaults to the offset after a minimal header for `frame`.
    public init(frame: Frame, offset: Int, payloadOffset: Int? = nil, violations: [FrameViolation] = []) {
        self.frame = frame
        self.offset = offset
        self.payloadOffset = payloadOffset ?? offset &+ FrameEncoder.headerByteCount(of: frame)
        self.violations = violations
    }

    /// Bytes the frame took on the wire.
    public var byteCount: Int {
        self.payloadOffset &- self.offset &+ self.frame.payload.count
    }
}

/// Payload bytes of a frame that has not fully arrived yet, from `FrameParser.takePartialPayload()`.
public struct PartialPayload: Hashable, Sendable {
    /// The opcode of the frame being received.
    public var opcode: Opcode
    /// The FIN bit of the frame being received.
    public var fin: Bool
    /// Stream offset of the frame's first header byte (equals `ParsedFrame.offset` once it completes).
    public var frameOffset: Int
    /// Stream offset of the frame's first payload byte.
    public var payloadOffset: Int
    /// Index within the frame's payload of `bytes[0]`.
    public var payloadIndex: Int
    /// The newly arrived payload bytes, unmasked.
    public var bytes: [UInt8]
}
