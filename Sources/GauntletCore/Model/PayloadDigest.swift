import Crypto

/// A large message reduced to its kind, length and SHA-256, so the judge compares 16 MiB echoes without keeping
/// two copies per case in memory.
public struct PayloadDigest: Sendable, Hashable {
    public var isText: Bool
    public var count: Int
    public var sha256: [UInt8]

    public init(isText: Bool, _ bytes: [UInt8]) {
        self.isText = isText
        self.count = bytes.count
        self.sha256 = Array(SHA256.hash(data: bytes))
    }
}

/// A large payload described by a repeating pattern and a length: section 9 cases hold this, not the bytes, and
/// the bytes exist only while the case runs.
public struct PayloadPattern: Sendable, Hashable {
    public var pattern: [UInt8]
    public var count: Int

    public init(_ pattern: [UInt8], count: Int) {
        self.pattern = pattern.isEmpty ? [0] : pattern
        self.count = max(0, count)
    }

    /// The payload: `pattern` repeated and cut to `count` octets, built by doubling so it costs a few copies.
    public func bytes() -> [UInt8] {
        var bytes = self.pattern
        bytes.reserveCapacity(self.count + self.pattern.count)
        while bytes.count < self.count {
            bytes.append(contentsOf: bytes.prefix(self.count - bytes.count))
        }
        bytes.removeLast(bytes.count - self.count)
        return bytes
    }
}
