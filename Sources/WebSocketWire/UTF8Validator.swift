import NIOCore

/// Incremental UTF-8 validator (RFC 3629) that names the byte at which input can no longer become valid,
/// so a text message can be failed fast as RFC 6455 §8.1 asks, frame by frame, without buffering it.
///
/// It rejects overlong forms, UTF-16 surrogates (U+D800–U+DFFF), code points above U+10FFFF and stray
/// continuation bytes at the first impossible byte: `C0` and `F5` fail at once, `E0 80`, `ED A0` and `F4 90`
/// fail at their second byte.
public struct UTF8Validator: Hashable, Sendable {
    /// Where the stream stands after the bytes fed so far.
    public enum Status: Hashable, Sendable {
        /// Every byte so far forms complete, valid UTF-8.
        case valid
        /// Valid so far, but the last code point is unfinished; more bytes may complete it.
        case incomplete
        /// The byte at `offset` (counted from the first byte ever fed) makes the input invalid.
        case invalid(offset: Int)
    }

    /// Continuation bytes still needed by the current code point.
    private var remaining: Int = 0
    /// Inclusive range the next continuation byte must fall into (tightened after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Stream offset of the lead byte of the code point in progress.
    private var sequenceStart: Int = 0
    /// Offset of the first impossible byte, once one was seen; the validator stays invalid from then on.
    private var invalidOffset: Int?

    /// Number of bytes fed so far (the stream offset of the next byte).
    public private(set) var bytesFed: Int = 0

    /// Creates a validator at the start of a stream.
    public init() {}

    /// The status after everything fed so far, treating an unfinished code point as `.incomplete`.
    public var status: Status {
        if let offset = self.invalidOffset {
            return .invalid(offset: offset)
        }
        return self.remaining == 0 ? .valid : .incomplete
    }

    /// Feeds the next bytes of the stream; once invalid, later bytes are ignored and the first offset is kept.
    @discardableResult
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> Status {
        guard self.invalidOffset == nil else {
            return self.status
        }
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.consume(buffer)
        }
        if handled == nil {
            let array = Array(bytes)
            array.withUnsafeBufferPointer { buffer in
                self.consume(buffer)
            }
        }
        return self.status
    }

    /// Feeds the readable bytes of `buffer` without moving its reader index.
    @discardableResult
    public mutating func feed(_ buffer: ByteBuffer) -> Status {
        guard self.invalidOffset == nil else {
            return self.status
        }
        buffer.withUnsafeReadableBytes { raw in
            self.consume(raw.bindMemory(to: UInt8.self))
        }
        return self.status
    }

    /// The status at end of input: an unfinished code point is invalid, at the offset of its lead byte.
    public func finish() -> Status {
        if let offset = self.invalidOffset {
            return .invalid(offset: offset)
        }
        return self.remaining == 0 ? .valid : .invalid(offset: self.sequenceStart)
    }

    /// Validates a complete byte sequence in one call (`feed` followed by `finish`).
    public static func validate(_ bytes: some Sequence<UInt8>) -> Status {
        var validator = UTF8Validator()
        validator.feed(bytes)
        return validator.finish()
    }

    /// Runs the DFA over `buffer`; ASCII runs between code points take a fast path.
    private mutating func consume(_ buffer: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = buffer.count
        while index < count {
            if self.remaining == 0, let base = buffer.baseAddress {
                // Eight bytes at a time while all are ASCII: JSON, HTML and prose are mostly that.
                while index &+ 8 <= count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index &+= 8
                }
                if index == count { break }
            }
            let byte = buffer[index]
            if self.remaining == 0 {
                if byte < 0x80 {
                    index &+= 1
                    continue
                }
                guard self.startSequence(lead: byte) else {
                    self.invalidOffset = self.bytesFed &+ index
                    break
                }
                self.sequenceStart = self.bytesFed &+ index
            } else {
                guard byte >= self.lower && byte <= self.upper else {
                    self.invalidOffset = self.bytesFed &+ index
                    break
                }
                self.remaining &-= 1
                self.lower = 0x80
                self.upper = 0xBF
            }
            index &+= 1
        }
        self.bytesFed &+= index
    }

    /// Classifies a non-ASCII lead byte (RFC 3629 §4 table); returns false when no valid sequence starts with it.
    private mutating func startSequence(lead: UInt8) -> Bool {
        switch lead {
        case 0xC2...0xDF:
            self.expect(1, lower: 0x80, upper: 0xBF)
        case 0xE0:
            self.expect(2, lower: 0xA0, upper: 0xBF)  // E0 80..9F would be overlong
        case 0xE1...0xEC, 0xEE...0xEF:
            self.expect(2, lower: 0x80, upper: 0xBF)
        case 0xED:
            self.expect(2, lower: 0x80, upper: 0x9F)  // ED A0..BF would be a surrogate
        case 0xF0:
            self.expect(3, lower: 0x90, upper: 0xBF)  // F0 80..8F would be overlong
        case 0xF1...0xF3:
            self.expect(3, lower: 0x80, upper: 0xBF)
        case 0xF4:
            self.expect(3, lower: 0x80, upper: 0x8F)  // F4 90.. would exceed U+10FFFF
        default:
            return false  // 80..C1 (continuation or overlong lead), F5..FF
        }
        return true
    }

    private mutating func expect(_ count: Int, lower: UInt8, upper: UInt8) {
        self.remaining = count
        self.lower = lower
        self.upper = upper
    }
}
