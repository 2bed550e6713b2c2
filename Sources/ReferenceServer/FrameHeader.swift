import NIOCore
import NIOWebSocket

/// The fixed part of one client frame (RFC 6455 §5.2), read before any payload byte, so the server can judge a
/// frame and stream its payload instead of waiting for the whole frame as NIO's `WebSocketFrameDecoder` does.
struct FrameHeader: Equatable, Sendable {
    var fin: Bool
    /// RSV1-3 as they stand in the first byte (mask `0x70`).
    var reservedBits: UInt8
    /// The 4-bit opcode, known or not.
    var opcode: UInt8
    var maskingKey: WebSocketMaskingKey?
    /// The payload length as written; may exceed `Int.max` when the peer sets the 64-bit length's top bit.
    var length: UInt64

    static let continuation: UInt8 = 0x0
    static let text: UInt8 = 0x1
    static let binary: UInt8 = 0x2
    static let close: UInt8 = 0x8
    static let ping: UInt8 = 0x9
    static let pong: UInt8 = 0xA

    /// §5.2: opcodes 0x8-0xF are control frames.
    var isControl: Bool {
        self.opcode & 0x8 != 0
    }

    /// §5.2: 0x3-0x7 and 0xB-0xF are reserved for further frames.
    var isReservedOpcode: Bool {
        switch self.opcode {
        case Self.continuation, Self.text, Self.binary, Self.close, Self.ping, Self.pong:
            return false
        default:
            return true
        }
    }

    /// Reads a header from the front of `buffer`, or returns nil (consuming nothing) until all its bytes are there.
    static func read(from buffer: inout ByteBuffer) -> FrameHeader? {
        let start = buffer.readerIndex
        guard let first = buffer.getInteger(at: start, as: UInt8.self),
            let second = buffer.getInteger(at: start + 1, as: UInt8.self)
        else {
            return nil
        }
        let masked = second & 0x80 != 0
        let shortLength = second & 0x7F
        var cursor = start + 2
        let length: UInt64
        switch shortLength {
        case 126:
            guard let value = buffer.getInteger(at: cursor, as: UInt16.self) else {
                return nil
            }
            length = UInt64(value)
            cursor += 2
        case 127:
            guard let value = buffer.getInteger(at: cursor, as: UInt64.self) else {
                return nil
            }
            length = value
            cursor += 8
        default:
            length = UInt64(shortLength)
        }
        var maskingKey: WebSocketMaskingKey?
        if masked {
            guard let bytes = buffer.getBytes(at: cursor, length: 4), let key = WebSocketMaskingKey(bytes) else {
                return nil
            }
            maskingKey = key
            cursor += 4
        }
        buffer.moveReaderIndex(to: cursor)
        return FrameHeader(
            fin: first & 0x80 != 0,
            reservedBits: first & 0x70,
            opcode: first & 0x0F,
            maskingKey: maskingKey,
            length: length
        )
    }
}
