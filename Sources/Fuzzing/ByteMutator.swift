/// AFL-style byte mutations over an input's raw octets, on top of the structure-aware ones: bit flips, interesting
/// values, inserts, deletions, truncation and duplication. They reach parser states no well-formed frame does.
public struct ByteMutator: Sendable {
    /// The mutations, named as notes print them.
    public enum Operation: String, Sendable, CaseIterable {
        case bitFlip = "bit-flip"
        case interesting
        case insert
        case delete
        case truncate
        case duplicate
    }

    /// Octets AFL tries first: boundaries of signed and unsigned bytes and of the 7-bit length field.
    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7D, 0x7E, 0x7F, 0x80, 0xFE, 0xFF]

    /// The longest result; inserts and duplication stop growing the input there.
    public var maxSize: Int

    public init(maxSize: Int = 1 << 20) {
        self.maxSize = maxSize
    }

    public func mutate(_ bytes: [UInt8], using random: inout FuzzRandom) -> (bytes: [UInt8], note: String) {
        let operation = Operation.allCases[random.index(Operation.allCases.count)]
        return self.apply(operation, to: bytes, using: &random)
    }

    public func apply(
        _ operation: Operation, to bytes: [UInt8], using random: inout FuzzRandom
    ) -> (bytes: [UInt8], note: String) {
        var bytes = bytes
        guard !bytes.isEmpty else { return (random.bytes(random.int(1...8)), "random bytes") }
        let at = random.index(bytes.count)
        switch operation {
        case .bitFlip:
            let bit = random.int(0...7)
            bytes[at] ^= UInt8(1 << bit)
            return (bytes, "flip bit \(bit) of byte \(at)")
        case .interesting:
            let value = Self.interestingBytes[random.index(Self.interestingBytes.count)]
            bytes[at] = value
            return (bytes, "byte \(at) = 0x\(String(value, radix: 16))")
        case .insert:
            let count = min(random.skewedSize(upTo: 64) + 1, max(0, self.maxSize - bytes.count))
            bytes.insert(contentsOf: random.bytes(count), at: at)
            return (bytes, "insert \(count) bytes at \(at)")
        case .delete:
            let count = min(bytes.count - at, random.skewedSize(upTo: 32) + 1)
            bytes.removeSubrange(at..<(at + count))
            return (bytes, "delete \(count) bytes at \(at)")
        case .truncate:
            return (Array(bytes.prefix(at)), "truncate to \(at) bytes")
        case .duplicate:
            let count = min(bytes.count - at, random.skewedSize(upTo: 64) + 1, max(0, self.maxSize - bytes.count))
            bytes.insert(contentsOf: bytes[at..<(at + count)], at: at)
            return (bytes, "duplicate \(count) bytes at \(at)")
        }
    }
}
