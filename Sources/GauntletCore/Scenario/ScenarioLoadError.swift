import MessageSchema

/// Why a scenario file cannot be used: the same located error the protocol loaders report, so both point at
/// `file:line:column` and name the offending key the same way.
public typealias ScenarioLoadError = ProtocolLoadError

extension ProtocolLoadError {
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
