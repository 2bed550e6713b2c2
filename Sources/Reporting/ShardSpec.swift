/// One slice of a suite (`--shard K/N`), so a CI matrix of N machines runs disjoint parts and `merge` joins them.
///
/// Cases are dealt round-robin in case-id order: case i goes to shard (i mod N) + 1. The split depends only on
/// the selected ids, so every machine computes the same one, and each section is spread over all shards.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    /// More shards than this is a typo, not a CI matrix.
    public static let maxCount = 1000

    public init(index: Int, count: Int) throws(ShardSpecError) {
        guard (1...Self.maxCount).contains(count) else {
            throw ShardSpecError(text: "\(index)/\(count)", problem: "N must be from 1 to \(Self.maxCount)")
        }
        guard (1...count).contains(index) else {
            throw ShardSpecError(text: "\(index)/\(count)", problem: "K must be from 1 to N")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws(ShardSpecError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardSpecError(text: text, problem: "expected K/N, e.g. 2/4")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(self.index)/\(self.count)" }

    /// This shard's part of `items`, which must already be in case-id order.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % self.count == self.index - 1 }.map(\.element)
    }
}

/// A `--shard` value that is not `K/N` with 1 ≤ K ≤ N.
public struct ShardSpecError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var problem: String

    public var description: String { "invalid shard '\(self.text)': \(self.problem)" }
}
