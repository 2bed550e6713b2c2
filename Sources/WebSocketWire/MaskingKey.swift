/// The 4-byte key a client XORs over every payload byte (RFC 6455 §5.3), so that a test can choose it
/// (for byte-exact tables) or draw it fresh from a random source, as §5.3 requires of real clients.
public struct MaskingKey: Hashable, Sendable, CustomStringConvertible {
    /// First key byte on the wire; it masks payload bytes 0, 4, 8, ...
    public var b0: UInt8
    /// Second key byte; it masks payload bytes 1, 5, 9, ...
    public var b1: UInt8
    /// Third key byte; it masks payload bytes 2, 6, 10, ...
    public var b2: UInt8
    /// Fourth key byte; it masks payload bytes 3, 7, 11, ...
    public var b3: UInt8

    /// Creates a key from its four bytes in wire order.
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.b3 = b3
    }

    /// Creates a key from exactly four bytes; nil for any other count.
    public init?(bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        guard array.count == 4 else {
            return nil
        }
        self.init(array[0], array[1], array[2], array[3])
    }

    /// Creates a key from a 32-bit value read in network (big-endian) order.
    public init(networkOrder value: UInt32) {
        self.init(
            UInt8(truncatingIfNeeded: value >> 24),
            UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value)
        )
    }

    /// The key bytes in wire order.
    public var bytes: [UInt8] {
        [self.b0, self.b1, self.b2, self.b3]
    }

    /// The key as a big-endian 32-bit value.
    public var networkOrder: UInt32 {
        UInt32(self.b0) << 24 | UInt32(self.b1) << 16 | UInt32(self.b2) << 8 | UInt32(self.b3)
    }

    /// A fresh key from the system's secure generator, as §5.3 requires ("unpredictable").
    public static func random() -> MaskingKey {
        var generator = SystemRandomNumberGenerator()
        return MaskingKey.random(using: &generator)
    }

    /// A key drawn from `generator`; lets the fuzzer replay a run from its seed.
    public static func random(using generator: inout some RandomNumberGenerator) -> MaskingKey {
        MaskingKey(networkOrder: UInt32.random(in: UInt32.min...UInt32.max, using: &generator))
    }

    /// XORs the key over `bytes` in place (masking and unmasking are the same operation, §5.3).
    /// `phase` is the payload index of `bytes[0]`, for payloads that arrive in pieces.
    public func apply(to bytes: inout [UInt8], phase: Int = 0) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            self.apply(to: buffer, phase: phase)
        }
    }

    /// XORs the key over a raw buffer in place; the tight loop shared by encoder and parser.
    public func apply(to buffer: UnsafeMutableBufferPointer<UInt8>, phase: Int = 0) {
        let count = buffer.count
        guard count > 0, let base = buffer.baseAddress else {
            return
        }
        let key = (self.b0, self.b1, self.b2, self.b3)
        // Rotate the key so that index 0 of the buffer lines up with key byte `phase % 4`.
        let rotated: (UInt8, UInt8, UInt8, UInt8)
        switch phase & 3 {
        case 0: rotated = key
        case 1: rotated = (key.1, key.2, key.3, key.0)
        case 2: rotated = (key.2, key.3, key.0, key.1)
        default: rotated = (key.3, key.0, key.1, key.2)
        }
        var index = 0
        let whole = count & ~3
        while index < whole {
            base[index] ^= rotated.0
            base[index &+ 1] ^= rotated.1
            base[index &+ 2] ^= rotated.2
            base[index &+ 3] ^= rotated.3
            index &+= 4
        }
        if index < count { base[index] ^= rotated.0 }
        if index &+ 1 < count { base[index &+ 1] ^= rotated.1 }
        if index &+ 2 < count { base[index &+ 2] ^= rotated.2 }
    }

    public var description: String {
        self.bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: " ")
    }
}
