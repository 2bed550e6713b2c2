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
    public var received: [ReceivedItem]
    public var events: [ObservedEvent]
    public var transcript: TranscriptReport

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

    init(_ result: CaseResult) {
        let judgement = result.judgement
        let observation = result.observation
        self.id = result.testCase.id.rawValue
        self.section = result.testCase.id.section
        self.description = result.testCase.description
        self.expectation = result.testCase.expectation
        self.verdict = judgement.verdict
        self.reason = judgement.reason
        self.closeVerdict = judgement.closeVerdict
        self.closeReason = judgement.closeReason
        self.failsGate = judgement.isFailure
        self.durationMilliseconds = observation.duration.milliseconds
        self.remoteCloseCode = observation.closing.serverCode?.rawValue
        switch observation.handshake {
        case .upgraded(let response), .rejected(let response?, _):
            self.handshake = HandshakeReport(
                statusCode: response.statusCode,
                reasonPhrase: response.reasonPhrase,
                headers: response.headers.map { [$0.name, Redaction.header($0.name, $0.value)] }
            )
        case .rejected(nil, _), .unreachable:
            self.handshake = nil
        }
        self.received = observation.received.map { event in
            let kind = String(event.summary.prefix { $0 != "(" })
            return ReceivedItem(kind: kind, length: event.payload.count, preview: Hex.encode(event.payload.prefix(64)))
        }
        self.events = observation.events.map { event in
            guard case .handshakeSent(let line) = event.kind else { return event }
            return ObservedEvent(
                atMilliseconds: event.atMilliseconds, kind: .handshakeSent(requestLine: Redaction.requestLine(line)))
        }
        var seen: Set<Transcript.Direction> = []
        self.transcript = TranscriptReport(
            chunks: observation.transcript.chunks.map { chunk in
                // The HTTP head is the first chunk each way; credentials in it must not reach a CI log.
                let bytes = seen.insert(chunk.direction).inserted ? Redaction.handshakeHead(chunk.bytes) : chunk.bytes
                return .init(
                    direction: chunk.direction.rawValue, atMilliseconds: chunk.atMilliseconds, hex: Hex.encode(bytes))
            },
            omittedBytes: observation.transcript.omittedBytes
        )
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
