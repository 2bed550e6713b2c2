/// One thing that happened on a case's connection, stamped with milliseconds since the case started.
///
/// Reports replay these as the case's timeline, so each kind carries exactly the facts a reader needs to see why
/// the verdict fell as it did.
public struct ObservedEvent: Sendable, Codable, Hashable {
    /// The kinds of event, named as a reader of a report would say them.
    public enum Kind: Sendable, Codable, Hashable {
        case connected(address: String)
        case connectFailed(reason: String)
        case handshakeSent(requestLine: String)
        case handshakeReceived(statusCode: Int, reasonPhrase: String)
        case handshakeFailed(reason: String)
        case frameSent(opcode: UInt8, fin: Bool, payloadLength: Int)
        case bytesSent(count: Int)
        case frameReceived(opcode: UInt8, fin: Bool, rsv: UInt8, masked: Bool, payloadLength: Int)
        case violation(rule: String, section: String, detail: String, offset: Int)
        case messageReceived(kind: String, length: Int)
        case closeSent(code: UInt16?, reason: String)
        case closeReceived(code: UInt16?, reason: String)
        case tcpClosedByPeer(reset: Bool)
        case tcpDroppedByHarness(reason: String)
        case timeout(waitingFor: String)
    }

    /// Milliseconds since the case started, from a monotonic clock.
    public var atMilliseconds: Double
    public var kind: Kind

    public init(atMilliseconds: Double, kind: Kind) {
        self.atMilliseconds = atMilliseconds
        self.kind = kind
    }
}

extension ObservedEvent {
    /// What a `.timeout` waited for when the server stopped reading what the harness wrote, so a reader (the fuzzer
    /// looking for the input that froze a server) can tell a stalled write from a missing answer.
    public static let serverStoppedReading = "the server to read what was sent"

    /// Whether this is the timeout of a write the server stopped reading.
    public var isStalledWrite: Bool {
        if case .timeout(let waitingFor) = self.kind { return waitingFor == Self.serverStoppedReading }
        return false
    }
}
