/// Identifies a case across runs and tools; Autobahn-compatible ids (`6.4.1`) keep existing scripts working.
///
/// An open set of values, so the catalogue, scenarios (`S.*`) and the fuzzer (`F.*`) mint their own ids.
/// Ordering compares dot-separated parts numerically where both are numbers, so `1.1.10` follows `1.1.9`.
public struct CaseID: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    public var description: String { self.rawValue }

    /// The first dot-separated part: `"6"` for `6.4.1`, `"H"` for `H.3`. Reports group by it.
    public var section: String {
        self.rawValue.split(separator: ".", maxSplits: 1).first.map(String.init) ?? self.rawValue
    }

    public static func < (lhs: CaseID, rhs: CaseID) -> Bool {
        let left = lhs.rawValue.split(separator: ".")
        let right = rhs.rawValue.split(separator: ".")
        for (a, b) in zip(left, right) where a != b {
            switch (Int(a), Int(b)) {
            case (let x?, let y?): return x < y
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a < b
            }
        }
        return left.count < right.count
    }
}
