import WebSocketWire

/// Autobahn's sections 12 and 13 as one step: `count` messages of `messageSize` octets cut from a payload file, each
/// sent once the previous echo is in, compressed when permessage-deflate was agreed and auto-fragmented into frames
/// of `fragmentSize` compressed octets.
///
/// A step, not 2000 `sendMessage`/`awaitEvents` steps, so a case stays a few bytes of data and the payloads exist
/// only while it runs; the driver records each message it sends as a digest in `Observation.sentMessages`.
public struct EchoRounds: Sendable, Hashable {
    public var payload: DeflatePayload
    public var messageSize: Int
    public var count: Int
    /// Frame payloads of at most this many (compressed) octets; nil sends each message in one frame.
    public var fragmentSize: Int?
    /// How long each echo may take.
    public var timeout: Duration

    public init(payload: DeflatePayload, messageSize: Int, count: Int, fragmentSize: Int?, timeout: Duration) {
        self.payload = payload
        self.messageSize = messageSize
        self.count = count
        self.fragmentSize = fragmentSize
        self.timeout = timeout
    }

    /// The opcode of every message: text for the JSON and HTML files, binary for the others, as Autobahn sends them.
    public var opcode: Opcode { self.payload.isText ? .text : .binary }
}
