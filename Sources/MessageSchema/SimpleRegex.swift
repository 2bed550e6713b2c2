/// A small backtracking matcher for the subset of ECMA-262 patterns that schemas use most (classes, groups,
/// alternation, quantifiers, anchors). It avoids ICU's per-call string bridging, which dominated validation time;
/// any pattern outside the subset (lookaround, backreferences, `\b`, `\u`, `\p`, non-ASCII) is left to ICU.
final class SimpleRegex: Sendable {
    /// A set of scalars as sorted ranges, optionally negated.
    struct ScalarSet: Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        static let digit = ScalarSet(ranges: [48...57], negated: false)
        static let word = ScalarSet(ranges: [48...57, 65...90, 95...95, 97...122], negated: false)
        /// ECMA-262 WhiteSpace and LineTerminator.
        static let space = ScalarSet(
            ranges: [
                9...13, 32...32, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
                0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
            ], negated: false)
        /// What `.` matches: anything but a line terminator.
        static let dot = ScalarSet(ranges: [10...10, 13...13, 0x2028...0x2029], negated: true)
    }

    indirect enum Node: Sendable {
        case set(ScalarSet)
        case start
        case end
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?, greedy: Bool)
    }

    /// The pattern flattened into index-linked nodes with trivial payloads, so matching copies no references.
    enum Step: Sendable {
        case set(Int)
        case start
        case end
        /// Children are `children[first..<first + count]`.
        case sequence(first: Int, count: Int)
        case alternation(first: Int, count: Int)
        /// `max` is -1 when unbounded.
        case repetition(step: Int, min: Int, max: Int, greedy: Bool)
    }

    /// The flattened program; a class holds it so that matching closures capture one reference, not six arrays.
    private let steps: [Step]
    private let children: [Int]
    /// Per set: ASCII membership as two 64-bit masks, other scalars as ranges, and negation.
    private let lowMasks: [UInt64]
    private let highMasks: [UInt64]
    private let otherRanges: [[ClosedRange<UInt32>]]
    private let negated: [Bool]
    private let root: Int
    let anchoredAtStart: Bool

    /// Inputs longer than this go to ICU, which bounds the matcher's recursion.
    static let maxInputScalars = 2048

    /// Compiles `pattern`, or returns nil when it uses anything outside the subset.
    init?(_ pattern: String) {
        guard pattern.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.alternation(), parser.position == parser.scalars.count else { return nil }
        if case .sequence(let nodes) = tree, case .start? = nodes.first {
            self.anchoredAtStart = true
        } else {
            self.anchoredAtStart = false
        }
        var builder = Builder()
        self.root = builder.flatten(tree)
        self.steps = builder.steps
        self.children = builder.children
        self.lowMasks = builder.lowMasks
        self.highMasks = builder.highMasks
        self.otherRanges = builder.otherRanges
        self.negated = builder.negated
    }

    /// Flattens the parsed tree into the program's arrays.
    private struct Builder {
        var steps: [Step] = []
        var children: [Int] = []
        var lowMasks: [UInt64] = []
        var highMasks: [UInt64] = []
        var otherRanges: [[ClosedRange<UInt32>]] = []
        var negated: [Bool] = []

        mutating func flatten(_ node: Node) -> Int {
            let step: Step
            switch node {
            case .set(let set):
                var low: UInt64 = 0
                var high: UInt64 = 0
                var other: [ClosedRange<UInt32>] = []
                for range in set.ranges {
                    if range.lowerBound < 128 {
                        for value in range.lowerBound...min(range.upperBound, 127) {
                            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
                        }
                    }
                    if range.upperBound >= 128 { other.append(max(range.lowerBound, 128)...range.upperBound) }
                }
                self.lowMasks.append(low)
                self.highMasks.append(high)
                self.otherRanges.append(other)
                self.negated.append(set.negated)
                step = .set(self.lowMasks.count - 1)
            case .start: step = .start
            case .end: step = .end
            case .sequence(let nodes), .alternation(let nodes):
                let indices = nodes.map { self.flatten($0) }
                let first = self.children.count
                self.children += indices
                if case .sequence = node {
                    step = .sequence(first: first, count: indices.count)
                } else {
                    step = .alternation(first: first, count: indices.count)
                }
            case .repetition(let inner, let min, let max, let greedy):
                step = .repetition(step: self.flatten(inner), min: min, max: max ?? -1, greedy: greedy)
            }
            self.steps.append(step)
            return self.steps.count - 1
        }
    }

    /// True when the pattern matches anywhere in `text`; nil when the text is too long for this matcher.
    func matches(_ text: String) -> Bool? {
        guard text.utf8.count <= Self.maxInputScalars else { return nil }
        let scalars = text.unicodeScalars.map(\.value)
        let lastStart = self.anchoredAtStart ? 0 : scalars.count
        for start in 0...lastStart where self.match(self.root, scalars, start, { _ in true }) {
            return true
        }
        return false
    }

    @inline(__always)
    private func contains(_ set: Int, _ value: UInt32) -> Bool {
        let found: Bool
        if value < 64 {
            found = self.lowMasks[set] & (1 << UInt64(value)) != 0
        } else if value < 128 {
            found = self.highMasks[set] & (1 << UInt64(value - 64)) != 0
        } else {
            found = self.otherRanges[set].contains { $0.contains(value) }
        }
        return found != self.negated[set]
    }

    private func match(_ index: Int, _ text: [UInt32], _ position: Int, _ next: (Int) -> Bool) -> Bool {
        switch self.steps[index] {
        case .set(let set):
            return position < text.count && self.contains(set, text[position]) && next(position + 1)
        case .start:
            return position == 0 && next(position)
        case .end:
            return position == text.count && next(position)
        case .sequence(let first, let count):
            return self.matchSequence(first, first + count, text, position, next)
        case .alternation(let first, let count):
            for child in first..<(first + count) where self.match(self.children[child], text, position, next) {
                return true
            }
            return false
        case .repetition(let inner, let min, let max, let greedy):
            if case .set(let set) = self.steps[inner] {
                return self.repeatSet(set, min: min, max: max, greedy: greedy, text, position, next)
            }
            return self.repeatStep(inner, min: min, max: max, greedy: greedy, count: 0, text, position, next)
        }
    }

    private func matchSequence(
        _ child: Int, _ end: Int, _ text: [UInt32], _ position: Int, _ next: (Int) -> Bool
    ) -> Bool {
        guard child < end else { return next(position) }
        return self.match(self.children[child], text, position) { self.matchSequence(child + 1, end, text, $0, next) }
    }

    /// A repeated single-scalar set: count the run once, then try lengths without recursion per scalar.
    private func repeatSet(
        _ set: Int, min: Int, max: Int, greedy: Bool, _ text: [UInt32], _ position: Int, _ next: (Int) -> Bool
    ) -> Bool {
        var run = 0
        let limit = max < 0 ? Int.max : max
        while run < limit, position + run < text.count, self.contains(set, text[position + run]) {
            run += 1
        }
        guard run >= min else { return false }
        if greedy {
            for length in stride(from: run, through: min, by: -1) where next(position + length) { return true }
        } else {
            for length in min...run where next(position + length) { return true }
        }
        return false
    }

    private func repeatStep(
        _ inner: Int, min: Int, max: Int, greedy: Bool, count: Int, _ text: [UInt32], _ position: Int,
        _ next: (Int) -> Bool
    ) -> Bool {
        let canStop = count >= min
        let canGo = max < 0 || count < max
        func more() -> Bool {
            canGo
                && self.match(inner, text, position) { after in
                    // An empty iteration cannot make progress; stop there as ECMA-262 does.
                    after != position
                        && self.repeatStep(
                            inner, min: min, max: max, greedy: greedy, count: count + 1, text, after, next)
                }
        }
        if greedy { return more() || (canStop && next(position)) }
        return (canStop && next(position)) || more()
    }
}

extension SimpleRegex {
    /// Recursive-descent parser for the supported subset; every method returns nil on anything else.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        var depth = 0

        var current: Unicode.Scalar? { self.position < self.scalars.count ? self.scalars[self.position] : nil }

        mutating func alternation() -> Node? {
            self.depth += 1
            defer { self.depth -= 1 }
            guard self.depth < 64 else { return nil }
            var branches: [Node] = []
            while true {
                guard let branch = self.sequence() else { return nil }
                branches.append(branch)
                guard self.current == "|" else { break }
                self.position += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() -> Node? {
            var nodes: [Node] = []
            while let scalar = self.current, scalar != "|", scalar != ")" {
                guard var atom = self.atom() else { return nil }
                if let quantified = self.quantifier(atom) {
                    atom = quantified
                } else if self.current == "*" || self.current == "+" || self.current == "?" || self.current == "{" {
                    return nil
                }
                nodes.append(atom)
            }
            return .sequence(nodes)
        }

        mutating func atom() -> Node? {
            guard let scalar = self.current else { return nil }
            self.position += 1
            switch scalar {
            case "^": return .start
            case "$": return .end
            case ".": return .set(.dot)
            case "(":
                if self.current == "?" {
                    guard self.position + 1 < self.scalars.count, self.scalars[self.position + 1] == ":" else {
                        return nil
                    }
                    self.position += 2
                }
                guard let inner = self.alternation(), self.current == ")" else { return nil }
                self.position += 1
                return inner
            case "[": return self.characterClass().map { .set($0) }
            case "\\": return self.escape(inClass: false).map { .set($0) }
            case "*", "+", "?", "{", "}", "]", ")": return nil
            default: return .set(ScalarSet(ranges: [scalar.value...scalar.value], negated: false))
            }
        }

        /// Reads `*`, `+`, `?` or `{m[,[n]]}` (optionally lazy) after `atom`; nil when there is none.
        mutating func quantifier(_ atom: Node) -> Node? {
            guard let scalar = self.current else { return nil }
            var bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                let saved = self.position
                self.position += 1
                guard let low = self.number() else {
                    self.position = saved
                    return nil
                }
                var high: Int? = low
                if self.current == "," {
                    self.position += 1
                    high = self.current == "}" ? nil : self.number()
                    if high == nil && self.current != "}" {
                        self.position = saved
                        return nil
                    }
                }
                guard self.current == "}", high.map({ $0 >= low }) ?? true else {
                    self.position = saved
                    return nil
                }
                bounds = (low, high)
            default: return nil
            }
            if case .start = atom { return nil }
            if case .end = atom { return nil }
            self.position += 1
            var greedy = true
            if self.current == "?" {
                greedy = false
                self.position += 1
            }
            return .repetition(atom, min: bounds.0, max: bounds.1, greedy: greedy)
        }

        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let scalar = self.current, ("0"..."9").contains(scalar), digits < 6 {
                value = value * 10 + Int(scalar.value - 48)
                digits += 1
                self.position += 1
            }
            return digits == 0 || digits == 6 ? nil : value
        }

        mutating func characterClass() -> ScalarSet? {
            var set = ScalarSet(ranges: [], negated: false)
            if self.current == "^" {
                set.negated = true
                self.position += 1
            }
            guard self.current != "]" else { return nil }
            while let scalar = self.current, scalar != "]" {
                self.position += 1
                var low = scalar.value
                if scalar == "\\" {
                    guard let escaped = self.escape(inClass: true) else { return nil }
                    guard escaped.ranges.count == 1, let only = escaped.ranges.first, only.count == 1 else {
                        guard !escaped.negated else { return nil }
                        set.ranges += escaped.ranges
                        continue
                    }
                    low = only.lowerBound
                }
                if self.current == "-", self.position + 1 < self.scalars.count, self.scalars[self.position + 1] != "]" {
                    self.position += 1
                    guard let end = self.current, end != "\\", end.value >= low else { return nil }
                    self.position += 1
                    set.ranges.append(low...end.value)
                } else {
                    set.ranges.append(low...low)
                }
            }
            guard self.current == "]" else { return nil }
            self.position += 1
            return set
        }

        /// The set an escape stands for (after the backslash); nil for escapes left to ICU.
        mutating func escape(inClass: Bool) -> ScalarSet? {
            guard let scalar = self.current else { return nil }
            self.position += 1
            func single(_ value: UInt32) -> ScalarSet { ScalarSet(ranges: [value...value], negated: false) }
            switch scalar {
            case "d": return .digit
            case "w": return .word
            case "s": return .space
            case "D", "W", "S":
                guard !inClass else { return nil }
                var set: ScalarSet = scalar == "D" ? .digit : (scalar == "W" ? .word : .space)
                set.negated = true
                return set
            case "n": return single(10)
            case "t": return single(9)
            case "r": return single(13)
            case "f": return single(12)
            case "v": return single(11)
            case ".", "\\", "/", "-", "^", "$", "|", "(", ")", "[", "]", "{", "}", "*", "+", "?":
                return single(scalar.value)
            default: return nil
            }
        }
    }
}
