import NIOCore

/// Writes a `Frame` exactly as described (RFC 6455 §5.2 layout), including what the RFC forbids: reserved bits
/// and opcodes, unmasked client frames, non-minimal or lying lengths. Judging is the parser's job, not this one's.
public enum FrameEncoder {
    /// The bytes of `frame`: header, extended length, masking key, then the (masked) payload.
    public static func encode(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerByteCount(of: frame) + frame.payload.count)
        Self.writeHeader(of: frame) { bytes.append($0) }
        let payloadStart = bytes.count
        bytes.append(contentsOf: frame.payload)
        if let key = frame.maskingKey {
            bytes.withUnsafeMutableBufferPointer { buffer in
                key.apply(to: UnsafeMutableBufferPointer(rebasing: buffer[payloadStart...]))
            }
        }
        return bytes
    }

    /// Appends the bytes of `frame` to `buffer`.
    public static func encode(_ frame: Frame, into buffer: inout ByteBuffer) {
        buffer.reserveCapacity(minimumWritableBytes: Self.headerByteCount(of: frame) + frame.payload.count)
        Self.writeHeader(of: frame) { buffer.writeInteger($0) }
        guard let key = frame.maskingKey else {
            buffer.writeBytes(frame.payload)
            return
        }
        var masked = frame.payload
        key.apply(to: &masked)
        buffer.writeBytes(masked)
    }

    /// Encodes several frames back to back, for a test that sends them in one write.
    public static func encode(_ frames: [Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        for frame in frames {
            bytes.append(contentsOf: Self.encode(frame))
        }
        return bytes
    }

    /// Size of the header `encode` writes for `frame`: 2 bytes, the extended length and the mask.
    public static func headerByteCount(of frame: Frame) -> Int {
        let encoding = frame.lengthEncoding.resolved(for: frame.headerLength)
        return 2 + encoding.extendedLengthByteCount + (frame.maskingKey == nil ? 0 : 4)
    }

    /// Emits the header bytes one by one, so the array and ByteBuffer paths share one layout.
    private static func writeHeader(of frame: Frame, _ emit: (UInt8) -> Void) {
        var first = frame.opcode.rawValue & 0x0F
        if frame.fin { first |= 0x80 }
        if frame.rsv1 { first |= 0x40 }
        if frame.rsv2 { first |= 0x20 }
        if frame.rsv3 { first |= 0x10 }
        emit(first)

        let maskBit: UInt8 = frame.maskingKey == nil ? 0 : 0x80
        let length = frame.headerLength
        switch frame.lengthEncoding.resolved(for: length) {
        case .minimal, .sevenBit:
            emit(maskBit | UInt8(truncatingIfNeeded: length))
        case .sixteenBit:
            emit(maskBit | 126)
            emit(UInt8(truncatingIfNeeded: length >> 8))
            emit(UInt8(truncatingIfNeeded: length))
        case .sixtyFourBit:
            emit(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                emit(UInt8(truncatingIfNeeded: length >> UInt64(shift)))
            }
        }

        if let key = frame.maskingKey {
            emit(key.b0)
            emit(key.b1)
            emit(key.b2)
            emit(key.b3)
        }
    }
}
