import MessageSchema

/// Why a scenario file cannot be used, pointing at `file:line:column` and naming the offending key, so the author
/// can fix it without guessing; a bad file never stops the other scenarios from loading.
public struct ScenarioLoadError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let position: SourcePosition?
    public let message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        guard let position = self.position else { return "\(self.file): \(self.message)" }
        return "\(self.file):\(position.line):\(position.column): \(self.message)"
    }

    /// The candidate closest to `key` by edit distance, when it is close enough to be a plausible typo.
    static func nearest(_ key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, Self.distance(key, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored, score <= max(2, key.count / 2) else { return nil }
        return best
    }

    private static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        guard !left.isEmpty else { return right.count }
        var previous = Array(0...right.count)
        for (row, leftChar) in left.enumerated() {
            var current = [row + 1]
            for (column, rightChar) in right.enumerated() {
                let cost = leftChar == rightChar ? 0 : 1
                current.append(min(previous[column + 1] + 1, current[column] + 1, previous[column] + cost))
            }
            previous = current
        }
        return previous[right.count]
    }
}
