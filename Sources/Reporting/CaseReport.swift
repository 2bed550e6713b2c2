import GauntletCore
import WebSocketWire

/// One case as reports show it: what it did, what it expected, what happened and why it was judged so.
public struct CaseReport: Sendable, Codable {
    public var id: String
    public var section: String
    public var description: String
    public var expectation: String
    public var verdict: Verdict
    public var reason: String
    public var closeVerdict: CloseVerdict
    public var closeReason: String
    public var failsGate: Bool
    public var durationMilliseconds: Double
    /// The server's close code, if its close frame had one.
    public var remoteCloseCode: UInt16?
    public var handshake: HandshakeReport?
    /// The head and tail of what the server sent; a case of 1000 round trips keeps `Self.receivedLimit` of them.
    public var received: [ReceivedItem]
    /// How many received items the cap left out of the middle; nil when none were.
    public var omittedReceived: Int?
    /// The head and tail of the timeline, at most `Self.eventLimit` events.
    public var events: [ObservedEvent]
    /// How many events the cap left out of the middle; nil when none were.
    public var omittedEvents: Int?
    public var transcript: TranscriptReport

    /// Bounds per case, so a report of sections 12 and 13 (216,000 round trips) stays a file people can open: the
    /// judge has already seen everything, and the first and last items are the ones a reader needs.
    public static let receivedLimit = 200
    public static let eventLimit = 400

    /// The status line and headers of the server's handshake response, secrets redacted.
    public struct HandshakeReport: Sendable, Codable {
        public var statusCode: Int
        public var reasonPhrase: String
        public var headers: [[String]]
    }

    /// A message, ping or pong the server sent, with the head of its payload.
    public struct ReceivedItem: Sendable, Codable {
        public var kind: String
        public var length: Int
        /// Up to 64 payload bytes as hex.
        public var preview: String
    }

    /// The transcript as hex chunks; `omittedBytes` counts what the cap left out.
    public struct TranscriptReport: Sendable, Codable {
        public var chunks: [Chunk]
        public var omittedBytes: Int

        public struct Chunk: Sendable, Codable {
            public var direction: String
            public var atMilliseconds: Double
            public var hex: String
        }
    }

    init(_ result: CaseResult, secrets: Set<String> = []) {
        let judgement = result.judgement
        let observation = result.observation
        // Values a scenario or the config read from the environment (tokens, keys) are secrets wherever they turn up.
        let scrubber = SecretScrubber(secrets.union(observation.scenario?.secrets ?? []))
        self.id = result.testCase.id.rawValue
        self.section = result.testCase.id.section
        self.description = result.testCase.description
        self.expectation = result.testCase.expectation
        self.verdict = judgement.verdict
        self.reason = scrubber.text(judgement.reason)
        self.closeVerdict = judgement.closeVerdict
        self.closeReason = scrubber.text(judgement.closeReason)
        self.failsGate = judgement.isFailure
        self.durationMilliseconds = observation.duration.milliseconds
        self.remoteCloseCode = observation.closing.serverCode?.rawValue
        switch observation.handshake {
        case .upgraded(let response), .rejected(let response?, _):
            self.handshake = HandshakeReport(
                statusCode: response.statusCode,
                reasonPhrase: response.reasonPhrase,
                headers: response.headers.map { [$0.name, scrubber.text(Redaction.header($0.name, $0.value))] }
            )
        case .rejected(nil, _), .unreachable:
            self.handshake = nil
        }
        let received = Self.headAndTail(observation.received, limit: Self.receivedLimit)
        self.omittedReceived = received.omitted
        self.received = received.kept.map { event in
            let kind = String(event.summary.prefix { $0 != "(" })
            let preview = scrubber.bytes(Array(event.payload.prefix(64)))
            return ReceivedItem(kind: kind, length: event.payload.count, preview: Hex.encode(preview))
        }
        let events = Self.headAndTail(observation.events, limit: Self.eventLimit)
        self.omittedEvents = events.omitted
        self.events = events.kept.map { event in
            switch event.kind {
            case .handshakeSent(let line):
                let redacted = scrubber.text(Redaction.requestLine(line))
                return ObservedEvent(atMilliseconds: event.atMilliseconds, kind: .handshakeSent(requestLine: redacted))
            case .handshakeFailed(let reason):
                return ObservedEvent(
                    atMilliseconds: event.atMilliseconds, kind: .handshakeFailed(reason: scrubber.text(reason)))
            default:
                return event
            }
        }
        self.transcript = TranscriptReport(
            chunks: Self.chunks(observation.transcript, scrubber: scrubber),
            omittedBytes: observation.transcript.omittedBytes
        )
    }

    /// The first three quarters of `limit` items and the last quarter, with the count of those in between.
    private static func headAndTail<Item>(_ items: [Item], limit: Int) -> (kept: [Item], omitted: Int?) {
        guard items.count > limit else { return (items, nil) }
        let tail = limit / 4
        return (Array(items.prefix(limit - tail) + items.suffix(tail)), items.count - limit)
    }

    /// The transcript's chunks with credentials redacted: by place in each direction's HTTP head (the first chunk
    /// each way), and by value everywhere, masked client frames included.
    private static func chunks(_ transcript: Transcript, scrubber: SecretScrubber) -> [TranscriptReport.Chunk] {
        var bytes = transcript.chunks.map(\.bytes)
        if !scrubber.isEmpty {
            for direction in [Transcript.Direction.sent, .received] {
                let indices = transcript.chunks.indices.filter { transcript.chunks[$0].direction == direction }
                let stream = indices.flatMap { bytes[$0] }
                let headEnd = Self.headEnd(stream)
                let head = scrubber.bytes(Array(stream[..<headEnd]))
                let body = Array(stream[headEnd...])
                let scrubbed = head + (direction == .sent ? scrubber.clientFrames(body) : scrubber.bytes(body))
                var offset = 0
                for index in indices {
                    let count = bytes[index].count
                    bytes[index] = Array(scrubbed[offset..<(offset + count)])
                    offset += count
                }
            }
        }
        var seen: Set<Transcript.Direction> = []
        return transcript.chunks.indices.map { index in
            let chunk = transcript.chunks[index]
            // The HTTP head is the first chunk each way; credentials in it must not reach a CI log.
            let data = seen.insert(chunk.direction).inserted ? Redaction.handshakeHead(bytes[index]) : bytes[index]
            return .init(
                direction: chunk.direction.rawValue, atMilliseconds: chunk.atMilliseconds, hex: Hex.encode(data))
        }
    }

    /// Where the HTTP head of a stream ends (after its blank line); 0 when the stream has no complete head.
    private static func headEnd(_ stream: [UInt8]) -> Int {
        guard stream.starts(with: Array("GET ".utf8)) || stream.starts(with: Array("HTTP/".utf8)),
            stream.count >= 4
        else { return 0 }
        for index in 0...(stream.count - 4)
        where stream[index] == 13 && stream[index + 1] == 10 && stream[index + 2] == 13 && stream[index + 3] == 10 {
            return index + 4
        }
        return stream.count
    }
}

/// Lower-case hex, the form transcripts are stored in.
enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
