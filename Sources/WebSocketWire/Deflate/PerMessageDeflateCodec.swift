import CompressNIO
import NIOCore

/// Compresses and inflates whole messages for one connection end (RFC 7692 §6, §7.2). A class, not a struct: it
/// owns two zlib streams whose history *is* the shared context (§7.2.3.2), so copying it would be a bug. Confine
/// it to one task or event loop, as you would the connection.
///
/// zlib cannot write a raw deflate stream with a 256-byte window (`windowBits` 8). When 8 is agreed for our side,
/// the compressor runs with window 9 and the Huffman-only strategy: it emits literals and no back-references, so
/// its output is valid for any window (inflating with 8 works as zlib allows it there).
public final class PerMessageDeflateCodec {
    /// Which end of the connection this codec serves; it decides which agreed parameters apply to which direction.
    public enum Role: Hashable, Sendable {
        case client, server
    }

    /// Bounds on what inflating one message may produce, so a "zip bomb" cannot exhaust memory (RFC 6455 §10.4).
    public struct Limits: Hashable, Sendable {
        /// The most bytes one inflated message may have.
        public var maxDecompressedSize: Int
        /// The most inflated bytes per compressed byte, checked once `ratioFloor` bytes have been produced.
        /// Deflate cannot exceed 1032:1 (258 bytes per 2-bit code), and zlib reaches 1028:1 on 16 MiB of one byte,
        /// so the default never refuses an honest stream; set it lower to bound memory per compressed byte.
        public var maxRatio: Int
        /// Inflated size below which the ratio is not checked (short, very repetitive messages are normal).
        public var ratioFloor: Int

        /// Creates limits; every parameter has the default documented on its property.
        public init(maxDecompressedSize: Int = 64 << 20, maxRatio: Int = 1032, ratioFloor: Int = 1 << 20) {
            self.maxDecompressedSize = maxDecompressedSize
            self.maxRatio = maxRatio
            self.ratioFloor = ratioFloor
        }
    }

    /// The four bytes a sync flush ends with, stripped before sending and added back before inflating (§7.2.1).
    public static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    /// The agreement this codec implements.
    public let agreement: PerMessageDeflateAgreement
    /// Our end of the connection.
    public let role: Role
    /// The bounds on inflated messages.
    public let limits: Limits
    private let compressor: ZlibCompressor
    private let decompressor: ZlibDecompressor
    private let resetsCompressor: Bool
    private let resetsDecompressor: Bool
    private let inflateWindowBits: Int

    /// Creates both zlib streams: ours compresses with the window agreed for `role`, and inflates with the peer's.
    /// `compressionLevel` is zlib's 0...9 (or -1 for its default).
    public init(
        agreement: PerMessageDeflateAgreement,
        role: Role,
        limits: Limits = Limits(),
        compressionLevel: Int32 = -1
    ) throws(PerMessageDeflateError) {
        let range = PerMessageDeflateParameters.windowBitsRange
        let ownBits = agreement.compressionWindowBits(as: role)
        let peerRole: Role = role == .server ? .client : .server
        let peerBits = agreement.compressionWindowBits(as: peerRole)
        guard range.contains(ownBits) else {
            throw .unsupportedWindowBits(ownBits)
        }
        guard range.contains(peerBits) else {
            throw .unsupportedWindowBits(peerBits)
        }
        guard (-1...9).contains(compressionLevel) else {
            throw .zlibFailure("compression level \(compressionLevel) is outside -1...9")
        }
        let configuration = ZlibConfiguration(
            windowSize: Int32(max(ownBits, 9)),
            compressionLevel: compressionLevel,
            memoryLevel: Self.memoryLevel(forWindowBits: ownBits),
            strategy: ownBits == 8 ? .huffmanOnly : .default
        )
        do {
            self.compressor = try ZlibCompressor(algorithm: .deflate, configuration: configuration)
            self.decompressor = try ZlibDecompressor(algorithm: .deflate, windowSize: Int32(peerBits))
        } catch {
            throw .zlibFailure("zlib could not start a stream: \(error)")
        }
        self.agreement = agreement
        self.role = role
        self.limits = limits
        self.resetsCompressor = agreement.resetsCompressor(as: role)
        self.resetsDecompressor = agreement.resetsCompressor(as: peerRole)
        self.inflateWindowBits = peerBits
    }

    // MARK: Compressing

    /// zlib's hash table has `1 << (memLevel + 7)` entries, and deflate rescans all of them each time its window
    /// slides, once per window of input. With the default (8) and a 512-byte window that rescan costs 64 entries per
    /// input byte and dominated sections 13.3 and 13.5, so the table shrinks with the window.
    static func memoryLevel(forWindowBits bits: Int) -> Int32 {
        Int32(min(8, max(1, bits - 7)))
    }

    /// Compresses one whole message: raw deflate, sync flush, the trailing `00 00 ff ff` removed (§7.2.1). The
    /// context is kept for the next message unless our side agreed to no context takeover (§7.1.1).
    public func compress(_ message: [UInt8]) throws(PerMessageDeflateError) -> [UInt8] {
        defer {
            if self.resetsCompressor {
                try? self.compressor.reset()
            }
        }
        // An empty stored block: valid in any context, and zlib refuses a second flush with no new input.
        guard !message.isEmpty else {
            return [0x00]
        }
        var input = ByteBuffer(bytes: message)
        var output = ByteBuffer()
        output.reserveCapacity(self.compressor.maxSize(from: input) + 16)
        // One call fits within deflateBound; the loop only guards against a short output buffer.
        var flushed = false
        for _ in 0..<64 where !flushed {
            do {
                try self.compressor.deflate(from: &input, to: &output, flush: .sync)
            } catch let error as CompressNIOError where error == .bufferOverflow && input.readableBytes == 0 {
                flushed = true  // a repeated flush with nothing left: all output was written before
                continue
            } catch {
                throw .zlibFailure("deflate failed: \(error)")
            }
            flushed = input.readableBytes == 0 && output.writableBytes > 0
            output.reserveCapacity(minimumWritableBytes: max(input.readableBytes, 1024))
        }
        guard flushed else {
            throw .zlibFailure("deflate did not finish flushing a \(message.count)-byte message")
        }
        var bytes = output.readBytes(length: output.readableBytes) ?? []
        if bytes.count >= 4 && bytes.suffix(4).elementsEqual(Self.tail) {
            bytes.removeLast(4)
        }
        return bytes
    }

    // MARK: Inflating

    /// Inflates one whole message's payload (all its frames joined): appends `00 00 ff ff` (§7.2.2) and inflates
    /// within `limits`. zlib checks a distance against its window only for bytes written before the current call,
    /// so output is produced an eighth of a window at a time (at least 64 bytes): a back-reference more than about
    /// 1.125 times the agreed window (1.25 times for 8 and 9 bits) fails as `corruptData`.
    public func decompress(_ payload: [UInt8]) throws(PerMessageDeflateError) -> [UInt8] {
        var input = ByteBuffer()
        input.reserveCapacity(payload.count + 4)
        input.writeBytes(payload)
        input.writeBytes(Self.tail)
        let chunk = max((1 << self.inflateWindowBits) / 8, 64)
        var piece = ByteBuffer()
        piece.reserveCapacity(chunk)
        // The allocator may round the capacity up; skipping the excess leaves exactly `chunk` writable bytes.
        let excess = piece.capacity - chunk
        var result: [UInt8] = []
        while true {
            piece.clear()
            piece.moveWriterIndex(forwardBy: excess)
            piece.moveReaderIndex(forwardBy: excess)
            let before = input.readableBytes
            var full = false
            do {
                try self.decompressor.inflate(from: &input, to: &piece)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                full = true
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                // No progress was possible with the input left, which is then none: the loop ends below.
            } catch let error as CompressNIOError where error == .corruptData {
                try? self.decompressor.reset()
                throw .corruptData("the payload does not inflate with a \(1 << self.inflateWindowBits)-byte window")
            } catch {
                try? self.decompressor.reset()
                throw .zlibFailure("inflate failed: \(error)")
            }
            piece.withUnsafeReadableBytes { result.append(contentsOf: $0) }
            try self.check(inflated: result.count, compressed: payload.count)
            if full {
                continue
            }
            if input.readableBytes == 0 {
                break
            }
            // Input left after a normal return: a block with BFINAL set ended the stream (§7.2.3.4). What follows
            // (at least the tail we appended) is read as a new stream; its history before the final block is lost.
            try? self.decompressor.reset()
            guard input.readableBytes < before else {
                throw .corruptData("the payload does not inflate: no progress at input byte \(input.readerIndex)")
            }
        }
        try self.checkBlockBoundary()
        if self.resetsDecompressor {
            try? self.decompressor.reset()
        }
        return result
    }

    /// §7.2.1: a message's data ends with an empty stored block, so once the tail is added the inflater must stand
    /// between blocks. Feeding it one more empty stored block proves it: between blocks that yields nothing; inside a
    /// block (a truncated or garbage payload) the bytes are read as data or fail. It adds nothing to the history.
    private func checkBlockBoundary() throws(PerMessageDeflateError) {
        var probe = ByteBuffer(bytes: [0x00] + Self.tail)
        var sink = ByteBuffer()
        sink.reserveCapacity(64)
        do {
            try self.decompressor.inflate(from: &probe, to: &sink)
        } catch {
            try? self.decompressor.reset()
            throw .corruptData("the payload does not end at a deflate block boundary")
        }
        guard sink.readableBytes == 0, probe.readableBytes == 0 else {
            try? self.decompressor.reset()
            throw .corruptData("the payload does not end at a deflate block boundary")
        }
    }

    private func check(inflated: Int, compressed: Int) throws(PerMessageDeflateError) {
        if inflated > self.limits.maxDecompressedSize {
            try? self.decompressor.reset()
            throw .decompressedTooLarge(limit: self.limits.maxDecompressedSize)
        }
        if inflated > self.limits.ratioFloor && inflated / max(compressed, 1) > self.limits.maxRatio {
            try? self.decompressor.reset()
            throw .ratioTooHigh(limit: self.limits.maxRatio, inflated: inflated, compressed: compressed)
        }
    }

    // MARK: Framing

    /// Splits a compressed payload into data frames: RSV1 on the first frame only (§6.1), continuation opcodes
    /// after it, FIN on the last. `fragmentSize` nil or not positive sends one frame; clients mask every frame.
    public static func frames(
        opcode: Opcode,
        compressedPayload: [UInt8],
        fragmentSize: Int? = nil,
        role: Role
    ) -> [Frame] {
        let size = fragmentSize.flatMap { $0 > 0 ? $0 : nil } ?? max(compressedPayload.count, 1)
        var frames: [Frame] = []
        var start = 0
        repeat {
            let end = min(start + size, compressedPayload.count)
            let last = end == compressedPayload.count
            frames.append(
                Frame(
                    fin: last,
                    rsv1: start == 0,
                    opcode: start == 0 ? opcode : .continuation,
                    maskingKey: role == .client ? .random() : nil,
                    payload: Array(compressedPayload[start..<end])
                )
            )
            start = end
        } while start < compressedPayload.count
        return frames
    }
}
