/// Produces strings that match a `pattern`, by walking the same parse tree `SimpleRegex` matches with: a class
/// yields one of its scalars, an alternation one branch, a repetition a bounded count. Patterns outside that subset
/// (lookaround, backreferences) have no sampler, and the generator falls back to plain text and retries.
struct PatternSampler {
    private let root: SimpleRegex.Node
    /// Unbounded repetitions (`*`, `+`, `{n,}`) repeat at most this many times beyond their minimum.
    static let unboundedExtra = 6
    /// What a negated class picks from: printable ASCII.
    private static let printable: ClosedRange<UInt32> = 0x21...0x7E

    init?(_ pattern: String) {
        guard pattern.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        var parser = SimpleRegex.Parser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.alternation(), parser.position == parser.scalars.count else { return nil }
        self.root = tree
    }

    /// One string the pattern matches (anchors are satisfied by producing exactly the match).
    func sample(using generator: inout some RandomNumberGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        Self.emit(self.root, into: &scalars, using: &generator, depth: 0)
        return String(scalars)
    }

    private static func emit(
        _ node: SimpleRegex.Node, into output: inout String.UnicodeScalarView,
        using generator: inout some RandomNumberGenerator, depth: Int
    ) {
        guard depth < 64, output.count < 4096 else { return }
        switch node {
        case .start, .end:
            return
        case .set(let set):
            if let scalar = self.pick(from: set, using: &generator) { output.append(scalar) }
        case .sequence(let nodes):
            for child in nodes { self.emit(child, into: &output, using: &generator, depth: depth + 1) }
        case .alternation(let branches):
            guard let branch = branches.randomElement(using: &generator) else { return }
            self.emit(branch, into: &output, using: &generator, depth: depth + 1)
        case .repetition(let inner, let low, let high, _):
            let upper = high ?? low + Self.unboundedExtra
            let count = Int.random(in: low...max(low, upper), using: &generator)
            for _ in 0..<count { self.emit(inner, into: &output, using: &generator, depth: depth + 1) }
        }
    }

    /// A scalar in `set`: a random range, then a random member; for a negated set, printable ASCII outside it.
    private static func pick(
        from set: SimpleRegex.ScalarSet, using generator: inout some RandomNumberGenerator
    ) -> Unicode.Scalar? {
        if set.negated {
            let allowed = Self.printable.filter { value in !set.ranges.contains { $0.contains(value) } }
            return allowed.randomElement(using: &generator).flatMap(Unicode.Scalar.init)
        }
        // Prefer printable members, so `\s` yields a space rather than a vertical tab.
        let ranges = set.ranges.filter { $0.upperBound >= 0x20 }
        guard let range = (ranges.isEmpty ? set.ranges : ranges).randomElement(using: &generator) else { return nil }
        let low = max(range.lowerBound, range.upperBound >= 0x20 ? min(0x20, range.upperBound) : range.lowerBound)
        for _ in 0..<8 {
            if let scalar = Unicode.Scalar(
                UInt32.random(in: max(low, range.lowerBound)...range.upperBound, using: &generator))
            {
                return scalar
            }
        }
        return Unicode.Scalar(range.lowerBound)
    }
}
