/// One rule the server breaks on purpose, so a test can prove that the check for that rule can fail.
///
/// An open set of values, like NIOWebSocket's `WebSocketOpcode`: each fault breaks exactly one RFC 6455 rule and
/// leaves the rest of the server correct, so a failing check points at that one rule.
public struct ServerFault: Hashable, Sendable, CustomStringConvertible {
    /// The command-line spelling, e.g. `no-pong`.
    public let name: String
    /// One line naming the rule that is broken.
    public let summary: String

    /// Creates a fault; only the values in `all` have an effect on the server.
    public init(name: String, summary: String) {
        self.name = name
        self.summary = summary
    }

    /// Looks a fault up in `all` by its command-line spelling.
    public init?(name: String) {
        guard let fault = (Self.all + Self.dashboardFaults).first(where: { $0.name == name }) else {
            return nil
        }
        self = fault
    }

    public var description: String {
        self.name
    }

    public static func == (lhs: ServerFault, rhs: ServerFault) -> Bool {
        lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.name)
    }
}

// MARK: - Opening handshake (RFC 6455 §4)

extension ServerFault {
    /// §4.2.2: the 101 carries a Sec-WebSocket-Accept that is not SHA-1(key + GUID).
    public static let badAccept = ServerFault(
        name: "bad-accept",
        summary: "sends a wrong Sec-WebSocket-Accept in the 101 response (RFC 6455 §4.2.2)"
    )
    /// §4.2.2/§4.4: upgrades any Sec-WebSocket-Version instead of answering 426 with `Sec-WebSocket-Version: 13`.
    public static let acceptAnyVersion = ServerFault(
        name: "accept-any-version",
        summary: "upgrades requests whose Sec-WebSocket-Version is not 13 instead of answering 426 (RFC 6455 §4.4)"
    )
    /// §4.2.1 item 5: upgrades a request whose Sec-WebSocket-Key is missing or not a base64 16-byte nonce.
    public static let acceptInvalidKey = ServerFault(
        name: "accept-invalid-key",
        summary: "upgrades requests with a missing or malformed Sec-WebSocket-Key instead of answering 400 (§4.2.1)"
    )
    /// §4.2.2: selects a subprotocol the client never offered.
    public static let unofferedSubprotocol = ServerFault(
        name: "unoffered-subprotocol",
        summary: "answers with a Sec-WebSocket-Protocol the client did not offer (RFC 6455 §4.2.2, §4.1)"
    )
    /// §4.2.2/§9.1: selects an extension the client never offered.
    public static let unofferedExtension = ServerFault(
        name: "unoffered-extension",
        summary: "answers with a Sec-WebSocket-Extensions the client did not offer (RFC 6455 §9.1)"
    )
}

// MARK: - Framing (RFC 6455 §5)

extension ServerFault {
    /// §5.1: a server must not mask the frames it sends.
    public static let maskServerFrames = ServerFault(
        name: "mask-server-frames",
        summary: "masks the frames it sends (RFC 6455 §5.1: a server MUST NOT mask)"
    )
    /// §5.1: accepts client frames that are not masked.
    public static let acceptUnmaskedFrames = ServerFault(
        name: "accept-unmasked-frames",
        summary: "accepts unmasked client frames instead of failing with 1002 (RFC 6455 §5.1)"
    )
    /// §5.2: accepts frames with RSV1-3 set although no extension was negotiated.
    public static let acceptRSVBits = ServerFault(
        name: "accept-rsv-bits",
        summary: "ignores RSV bits set without a negotiated extension instead of failing with 1002 (§5.2)"
    )
    /// §5.2: ignores frames with a reserved opcode.
    public static let acceptReservedOpcode = ServerFault(
        name: "accept-reserved-opcode",
        summary: "ignores frames with a reserved opcode (3-7, 11-15) instead of failing with 1002 (§5.2)"
    )
    /// §5.4: ignores a continuation frame that has no message to continue.
    public static let acceptStrayContinuation = ServerFault(
        name: "accept-stray-continuation",
        summary: "ignores a continuation frame with no message to continue instead of failing with 1002 (§5.4)"
    )
    /// §5.4/§5.5: answers fragmented control frames.
    public static let acceptFragmentedControl = ServerFault(
        name: "accept-fragmented-control",
        summary: "processes control frames without FIN (e.g. answers a fragmented ping) instead of failing (§5.5)"
    )
    /// §5.5: answers control frames longer than 125 bytes.
    public static let answerOversizedPing = ServerFault(
        name: "answer-oversized-ping",
        summary: "answers a ping with more than 125 bytes of payload instead of failing with 1002 (§5.5)"
    )
    /// §5.5.2/§5.5.3: never answers pings.
    public static let noPong = ServerFault(
        name: "no-pong",
        summary: "never answers a ping with a pong (RFC 6455 §5.5.2)"
    )
    /// §5.5.3: the pong does not carry the ping's payload.
    public static let pongWrongPayload = ServerFault(
        name: "pong-wrong-payload",
        summary: "answers a ping with a pong whose payload differs from the ping's (RFC 6455 §5.5.3)"
    )
    /// §5.5.3: answers an unsolicited pong, which needs no response.
    public static let answerUnsolicitedPong = ServerFault(
        name: "answer-unsolicited-pong",
        summary: "answers an unsolicited pong with a pong (RFC 6455 §5.5.3: no response is expected)"
    )
    /// §5.6 (an echo server's contract): echoed payloads differ from what was received.
    public static let corruptEcho = ServerFault(
        name: "corrupt-echo",
        summary: "flips a byte in every echoed message (the echo no longer matches, RFC 6455 §5.6)"
    )
}

// MARK: - Closing and failing (RFC 6455 §5.5.1, §7, §8)

extension ServerFault {
    /// §7.1.7: drops TCP on a protocol error without sending a close frame first.
    public static let dropWithoutClose = ServerFault(
        name: "drop-without-close",
        summary: "on a protocol error, drops TCP without sending a close frame (RFC 6455 §7.1.7)"
    )
    /// §5.5.1: never answers a close frame.
    public static let noCloseReply = ServerFault(
        name: "no-close-reply",
        summary: "never answers a close frame and keeps TCP open (RFC 6455 §5.5.1)"
    )
    /// §5.5.1: sends a data frame after its own close frame.
    public static let dataAfterClose = ServerFault(
        name: "data-after-close",
        summary: "sends a text frame after its close reply (RFC 6455 §5.5.1: no data after Close)"
    )
    /// §7.4: fails with 1000 (normal closure) where 1002, 1007 or 1009 is due.
    public static let wrongCloseCode = ServerFault(
        name: "wrong-close-code",
        summary: "fails the connection with close code 1000 instead of 1002/1007/1009 (RFC 6455 §7.4.1)"
    )
    /// §7.4: echoes a close code that may not appear on the wire instead of failing with 1002.
    public static let acceptInvalidCloseCode = ServerFault(
        name: "accept-invalid-close-code",
        summary: "echoes close codes not allowed on the wire (e.g. 999, 1005, 5000) instead of failing (§7.4)"
    )
    /// §8.1: echoes text messages that are not valid UTF-8.
    public static let acceptInvalidUTF8 = ServerFault(
        name: "accept-invalid-utf8",
        summary: "echoes text messages that are not valid UTF-8 instead of failing with 1007 (RFC 6455 §8.1)"
    )
    /// §8.1 fail-fast: validates UTF-8 only when the whole message is in.
    public static let lateUTF8Failure = ServerFault(
        name: "late-utf8-failure",
        summary: "checks UTF-8 only at the end of a text message, not at the first invalid byte (§8.1 fail fast)"
    )
}

extension ServerFault {
    /// Every fault the server knows, in a stable order (handshake, framing, closing, permessage-deflate).
    public static let all: [ServerFault] = [
        .badAccept, .acceptAnyVersion, .acceptInvalidKey, .unofferedSubprotocol, .unofferedExtension,
        .maskServerFrames, .acceptUnmaskedFrames, .acceptRSVBits, .acceptReservedOpcode, .acceptStrayContinuation,
        .acceptFragmentedControl, .answerOversizedPing, .noPong, .pongWrongPayload, .answerUnsolicitedPong,
        .corruptEcho, .dropWithoutClose, .noCloseReply, .dataAfterClose, .wrongCloseCode, .acceptInvalidCloseCode,
        .acceptInvalidUTF8, .lateUTF8Failure, .deflateRSV1OnContinuation, .deflateIgnoreNoContextTakeover,
        .deflateWindowBiggerThanAgreed, .deflateClientWindowOutsideOffer, .deflateAnswerWithoutOffer,
        .deflateServerWindowAboveOffer, .deflateAnswerEveryOffer, .deflateDropServerNoContextTakeover,
        .deflateAcceptInvalidOffer, .deflateIgnoreCorruptMessage, .deflateInflateEveryMessage,
    ]
}
