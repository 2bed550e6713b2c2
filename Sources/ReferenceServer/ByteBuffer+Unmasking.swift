import NIOCore
import NIOWebSocket

extension ByteBuffer {
    /// XORs `length` bytes starting at `index` with `key` (RFC 6455 §5.3), eight bytes at a time.
    ///
    /// `keyOffset` is how many payload bytes of the same frame came before `index`, so a payload that arrives in
    /// pieces unmasks the same as one that arrives whole. NIO's `webSocketUnmask` works a byte at a time on the
    /// whole readable region; §9 messages are up to 16 MiB, so this one works on a region, a word at a time.
    mutating func unmask(at index: Int, length: Int, key: WebSocketMaskingKey, keyOffset: Int) {
        guard length > 0 else {
            return
        }
        let relativeStart = index - self.readerIndex
        self.withUnsafeMutableReadableBytes { bytes in
            guard relativeStart >= 0, relativeStart + length <= bytes.count else {
                return
            }
            var pattern: UInt64 = 0
            withUnsafeMutableBytes(of: &pattern) { patternBytes in
                for position in 0..<8 {
                    patternBytes[position] = key[(keyOffset + position) % 4]
                }
            }
            var position = relativeStart
            let end = relativeStart + length
            while end - position >= 8 {
                let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                bytes.storeBytes(of: word ^ pattern, toByteOffset: position, as: UInt64.self)
                position += 8
            }
            var keyIndex = keyOffset + (position - relativeStart)
            while position < end {
                bytes[position] ^= key[keyIndex % 4]
                position += 1
                keyIndex += 1
            }
        }
    }
}
