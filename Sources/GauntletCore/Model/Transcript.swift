/// Every byte sent and received in a case, in order, up to a cap so a hostile peer cannot exhaust memory.
///
/// The report shows it as annotated hex; the cap keeps the head of the conversation, where failures usually are,
/// and counts what it dropped.
public struct Transcript: Sendable, Codable, Hashable {
    /// Which way a chunk travelled.
    public enum Direction: String, Sendable, Codable, Hashable {
        case sent
        case received
    }

    /// One write or one read, as it happened on the socket.
    public struct Chunk: Sendable, Codable, Hashable {
        public var direction: Direction
        public var atMilliseconds: Double
        public var bytes: [UInt8]
    }

    public private(set) var chunks: [Chunk] = []
    /// Bytes seen but not kept because the cap was reached.
    public private(set) var omittedBytes: Int = 0
    public let byteLimit: Int
    private var keptBytes = 0

    public init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    mutating func record(_ direction: Direction, _ bytes: some Collection<UInt8>, atMilliseconds: Double) {
        let room = max(0, self.byteLimit - self.keptBytes)
        let kept = Array(bytes.prefix(room))
        self.omittedBytes += bytes.count - kept.count
        guard !kept.isEmpty else { return }
        self.keptBytes += kept.count
        if let last = self.chunks.last, last.direction == direction, atMilliseconds - last.atMilliseconds < 1 {
            self.chunks[self.chunks.count - 1].bytes += kept
        } else {
            self.chunks.append(Chunk(direction: direction, atMilliseconds: atMilliseconds, bytes: kept))
        }
    }
}
