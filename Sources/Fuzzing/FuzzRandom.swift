/// The fuzzer's random source: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014), small, fast and splittable.
///
/// Splitting is what makes a campaign reproducible: iteration `n` of seed `s` draws from `FuzzRandom(seed: s)
/// .split(n)`, a stream that depends on nothing else, so `--jobs`, completion order and the other iterations never
/// change the input a given iteration generates.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(self.state)
    }

    /// An independent stream for `stream` (an iteration number, a mutator's slot): the parent's state is left as it
    /// is, and two different `stream` values give unrelated sequences.
    public func split(_ stream: UInt64) -> FuzzRandom {
        FuzzRandom(seed: Self.mix(self.state ^ Self.mix(stream &+ 0xD1B5_4A32_D192_ED03)))
    }

    /// SplitMix64's finaliser: a bijective avalanche of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &self) < percent
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// An index below `count` (0 when `count` is 0, so callers can guard on the collection instead).
    public mutating func index(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.random(in: 0..<count, using: &self)
    }

    /// `count` random octets.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<max(0, count)).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// A size skewed toward small values, as fuzzers favour: uniform in a random power-of-two bucket up to `limit`.
    public mutating func skewedSize(upTo limit: Int) -> Int {
        guard limit > 0 else { return 0 }
        let bits = self.int(0...max(0, Int.bitWidth - limit.leadingZeroBitCount))
        return min(limit, self.int(0...max(0, (1 << bits) - 1)))
    }
}
