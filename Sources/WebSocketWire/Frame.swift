/// How a payload length is written in the header (RFC 6455 §5.2); anything but `.minimal` lets a test send
/// the non-minimal encodings that §5.2 forbids ("the minimal number of bytes MUST be used").
public enum PayloadLengthEncoding: Hashable, Sendable, CaseIterable {
    /// The shortest form: 7 bits up to 125, 16 bits up to 65535, 64 bits beyond.
    case minimal
    /// The 7-bit field alone (only possible up to 125; larger lengths fall back to the next form that fits).
    case sevenBit
    /// Marker 126 and a 16-bit length (lengths above 65535 fall back to 64 bits).
    case sixteenBit
    /// Marker 127 and a 64-bit length, whatever the value.
    case sixtyFourBit

    /// The form actually written for `length`: the requested one when it can hold the value, otherwise the
    /// smallest larger form that can (the encoder never truncates a length).
    public func resolved(for length: UInt64) -> PayloadLengthEncoding {
        switch self {
        case .minimal:
            return length <= 125 ? .sevenBit : (length <= 0xFFFF ? .sixteenBit : .sixtyFourBit)
        case .sevenBit:
            return length <= 125 ? .sevenBit : PayloadLengthEncoding.minimal.resolved(for: length)
        case .sixteenBit:
            return length <= 0xFFFF ? .sixteenBit : .sixtyFourBit
        case .sixtyFourBit:
            return .sixtyFourBit
        }
    }

    /// Bytes the length takes after the first two header bytes.
    public var extendedLengthByteCount: Int {
        switch self {
        case .minimal, .sevenBit: return 0
        case .sixteenBit: return 2
        case .sixtyFourBit: return 8
        }
    }
}

/// Any WebSocket frame, valid or not (RFC 6455 §5.2): a conformance tool must be able to describe, send and
/// record frames that break the rules, so nothing here is checked; `FrameParser` judges, `FrameEncoder` writes.
public struct Frame: Hashable, Sendable, CustomStringConvertible {
    /// FIN: this is the final fragment of a message.
    public var fin: Bool
    /// RSV1–RSV3: zero unless an extension defines them (RSV1 is permessage-deflate's "compressed" bit).
    public var rsv1: Bool
    /// RSV2: zero unless an extension defines it.
    public var rsv2: Bool
    /// RSV3: zero unless an extension defines it.
    public var rsv3: Bool
    /// The opcode, including reserved ones.
    public var opcode: Opcode
    /// The masking key; nil for an unmasked frame (§5.3).
    public var maskingKey: MaskingKey?
    /// The application bytes, always unmasked; masking happens only on the wire.
    public var payload: [UInt8]
    /// How the payload length is written.
    public var lengthEncoding: PayloadLengthEncoding
    /// nil: the header states `payload.count`; otherwise the (possibly lying) length written in the header.
    public var declaredLength: UInt64?

    /// Creates a frame; the defaults describe a final, unmasked frame with no reserved bits and an empty payload.
    public init(
        fin: Bool = true,
        rsv1: Bool = false,
        rsv2: Bool = false,
        rsv3: Bool = false,
        opcode: Opcode,
        maskingKey: MaskingKey? = nil,
        payload: [UInt8] = [],
        lengthEncoding: PayloadLengthEncoding = .minimal,
        declaredLength: UInt64? = nil
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
        self.lengthEncoding = lengthEncoding
        self.declaredLength = declaredLength
    }

    /// A well-formed client frame (§5.3): masked with a fresh random key unless one is given.
    public static func client(
        _ opcode: Opcode,
        payload: [UInt8],
        fin: Bool = true,
        maskingKey: MaskingKey = .random()
    ) -> Frame {
        Frame(fin: fin, opcode: opcode, maskingKey: maskingKey, payload: payload)
    }

    /// A masked client text frame carrying `text` as UTF-8.
    public static func clientText(_ text: String, fin: Bool = true, maskingKey: MaskingKey = .random()) -> Frame {
        Frame.client(.text, payload: Array(text.utf8), fin: fin, maskingKey: maskingKey)
    }

    /// A masked client close frame; `code: nil` sends an empty payload (and drops the reason, §5.5.1).
    public static func clientClose(
        code: CloseCode?,
        reason: String = "",
        maskingKey: MaskingKey = .random()
    ) -> Frame {
        Frame.client(.close, payload: ClosePayload(code: code, reason: reason).encoded(), maskingKey: maskingKey)
    }

    /// The RSV bits as the 3-bit mask used by `FrameParser.Configuration.allowedReservedBits` (RSV1 = 0b100).
    public var reservedBits: UInt8 {
        (self.rsv1 ? 0b100 : 0) | (self.rsv2 ? 0b010 : 0) | (self.rsv3 ? 0b001 : 0)
    }

    /// The length the header states: `declaredLength` if set, else the payload size.
    public var headerLength: UInt64 {
        self.declaredLength ?? UInt64(self.payload.count)
    }

    public var description: String {
        var flags: [String] = []
        if self.fin { flags.append("FIN") }
        if self.rsv1 { flags.append("RSV1") }
        if self.rsv2 { flags.append("RSV2") }
        if self.rsv3 { flags.append("RSV3") }
        var text = "\(self.opcode)[\(flags.joined(separator: ","))] \(self.payload.count) bytes"
        if let declared = self.declaredLength, declared != UInt64(self.payload.count) {
            text += " (declares \(declared))"
        }
        if let key = self.maskingKey {
            text += " masked(\(key))"
        }
        return text
    }
}
