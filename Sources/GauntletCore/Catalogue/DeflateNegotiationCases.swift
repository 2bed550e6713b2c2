import WebSocketWire

/// Section D: permessage-deflate negotiation and framing rules (RFC 7692) that Autobahn never checks from the
/// client side: what a server may answer to an offer, and how it must treat RSV1 and compressed data.
///
/// Negotiation cases (D.1-D.11) accept a server that declines an offer: compression is optional, so the echo then
/// runs uncompressed. Cases that need the extension (D.12-D.18) are UNIMPLEMENTED when it is declined.
enum DeflateNegotiationCases {
    static let all: [Case] = [
        // What the server may answer (RFC 7692 §5, §7.1).
        answer(
            "D.1", "Offer no extension; the server must not answer with permessage-deflate.", offer: nil,
            rule: "RFC 6455 §9.1 and RFC 7692 §5: a server must not accept an extension the client did not offer."
        ),
        answer(
            "D.2", "Offer server_max_window_bits=10; an acceptance must answer it with 10 or less.",
            offer: .init(offers: [.init(serverMaxWindowBits: 10)], required: false),
            rule: "RFC 7692 §7.1.2.1: a server accepts an offered server_max_window_bits with the same or a smaller "
                + "value, or declines the offer."
        ),
        answer(
            "D.3", "Offer permessage-deflate without client_max_window_bits; the answer must not carry it.",
            offer: .init(offers: [.init()], required: false),
            rule: "RFC 7692 §7.1.2.2: a server must not include client_max_window_bits when the offer did not."
        ),
        answer(
            "D.4", "Offer client_max_window_bits=10; an answer with that parameter must not exceed 10.",
            offer: .init(offers: [.init(clientMaxWindowBits: .bits(10))], required: false),
            rule: "RFC 7692 §7.1.2.2: the server's client_max_window_bits must not be larger than the offered one."
        ),
        answer(
            "D.5", "Offer client_max_window_bits without a value; an answer with that parameter must give a value.",
            offer: .init(offers: [.init(clientMaxWindowBits: .noValue)], required: false),
            rule: "RFC 7692 §7.1.2.2: in a response, client_max_window_bits must have a value from 8 to 15."
        ),
        answer(
            "D.6", "Offer a fallback list of three permessage-deflate offers; the server may accept only one.",
            offer: .init(
                offers: [.init(serverMaxWindowBits: 10), .init(clientMaxWindowBits: .noValue), .init()],
                required: false
            ),
            rule: "RFC 7692 §5: a server accepts at most one of several offers of the same extension, answering "
                + "with one element."
        ),
        answer(
            "D.7", "Offer server_no_context_takeover; an acceptance must repeat it.",
            offer: .init(offers: [.init(serverNoContextTakeover: true)], required: false),
            rule: "RFC 7692 §7.1.1.1: a server accepting an offer with server_no_context_takeover includes it in "
                + "the response (it may instead decline the offer)."
        ),
        answer(
            "D.8", "Offer permessage-deflate with a parameter given twice; the server must decline it.",
            offer: .invalid("permessage-deflate; server_no_context_takeover; server_no_context_takeover"),
            rule: "RFC 7692 §7: a server must decline an offer with several parameters of the same name."
        ),
        answer(
            "D.9", "Offer permessage-deflate with an unknown parameter; the server must decline it.",
            offer: .invalid("permessage-deflate; x_gauntlet_unknown"),
            rule: "RFC 7692 §7: a server must decline an offer with a parameter not defined for an offer."
        ),
        answer(
            "D.10", "Offer server_max_window_bits=16, outside 8-15; the server must decline it.",
            offer: .invalid("permessage-deflate; server_max_window_bits=16"),
            rule: "RFC 7692 §7 and §7.1.2.1: a server must decline an offer with an invalid parameter value."
        ),
        answer(
            "D.11",
            "Offer client_max_window_bits=\"10\" as a quoted string, which is valid; an answer must not "
                + "exceed 10.",
            offer: .init(
                offers: [.init(clientMaxWindowBits: .bits(10))], required: false,
                rawHeader: "permessage-deflate; client_max_window_bits=\"10\""
            ),
            rule: "RFC 6455 §9.1 and RFC 7692 §7.1.2.2: a quoted value is the same value; the answer stays within it."
        ),
        // Framing and compressed data once the extension is agreed (RFC 7692 §6).
        failure(
            "D.12", "Send a ping with RSV1 set on a permessage-deflate connection.",
            steps: [.send(.raw(.ping, Array("compressed?".utf8), rsv: 0b100)), .killAfter(Waits.failure)],
            codes: [.protocolError],
            rule: "RFC 7692 §6.1: permessage-deflate gives RSV1 a meaning on the first frame of a data message only; "
                + "RSV1 on a control frame is a protocol error that fails the connection (RFC 6455 §5.2)."
        ),
        failure(
            "D.13", "Send a compressed text message in two frames with RSV1 set on the continuation frame too.",
            steps: Self.rsv1OnContinuation() + [.killAfter(Waits.failure)],
            codes: [.protocolError],
            rule: "RFC 7692 §6.1: RSV1 is set on the first frame of a compressed message only; RSV1 on a "
                + "continuation frame fails the connection (RFC 6455 §5.2)."
        ),
        failure(
            "D.14", "Send a text message marked compressed (RSV1) whose payload is not a deflate stream.",
            steps: [.send(.raw(.text, [0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02], rsv: 0b100)), .killAfter(Waits.failure)],
            codes: [.protocolError, .invalidPayloadData],
            rule: "RFC 7692 §6.2: a compressed message that does not inflate fails the connection (RFC 6455 "
                + "§7.1.7); RFC 7692 names no code, so 1007 (invalid data, §7.4.1) or 1002 (protocol error)."
        ),
        echo(
            "D.15",
            "Offer server_no_context_takeover and send the same message three times; each echo must inflate "
                + "on its own.",
            offer: [.init(serverNoContextTakeover: true)],
            message: Self.repetitiveText, times: 3,
            rule: "RFC 7692 §7.1.1.1: after agreeing to server_no_context_takeover the server compresses each message "
                + "without the history of earlier ones."
        ),
        echo(
            "D.16",
            "Offer server_max_window_bits=9 and send a message that repeats 1500 octets back to back; the "
                + "echo must inflate with a 512-octet window.",
            offer: [.init(serverMaxWindowBits: 9)],
            message: Self.farRepeats, times: 1, opcode: .binary,
            rule: "RFC 7692 §7.1.2.1: the server compresses with no larger a window (LZ77 distance) than the "
                + "server_max_window_bits it answered."
        ),
        echo(
            "D.17",
            "Send a compressed message auto-fragmented into 64-octet frames; the echo must set RSV1 on its "
                + "first frame only.",
            offer: [.init()],
            message: Self.repetitiveText, times: 1, fragmentSize: 64,
            rule: "RFC 7692 §6.1: a compressed message has RSV1 on its first frame and on no continuation frame."
        ),
        Case.exchange(
            "D.18",
            "Send an uncompressed text message (RSV1 clear) on a permessage-deflate connection.",
            expectation: "The message comes back unchanged, then a clean close with 1000; UNIMPLEMENTED when the "
                + "server declines permessage-deflate.",
            rule: "RFC 7692 §6: compression is per message; a data message without RSV1 is not compressed and is "
                + "read as it is.",
            steps: [.send(.raw(.text, Array("not compressed".utf8))), .closeAfter(Waits.echo)],
            expect: [.text("not compressed")]
        ).offering(DeflateOffer(offers: [.init()])),
    ]

    /// 600 octets of text that compress well, so a kept context shows at once (D.15, D.17).
    static let repetitiveText = PayloadPattern(Array("deflate me, deflate me again; ".utf8), count: 600)

    /// 1500 pseudo-random octets twice, sent as a binary message: the second copy is a back-reference 1500 octets back, beyond a 512-octet
    /// window (D.16).
    static let farRepeats: PayloadPattern = {
        var state: UInt32 = 0x2545_F491
        let block = (0..<1500).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        return PayloadPattern(block, count: 3000)
    }()

    /// D.13: a compressed message in two frames, RSV1 on both. The payload is compressed once here with a fresh
    /// context, which is what the server's inflater has for the first message of a connection.
    static func rsv1OnContinuation() -> [Step] {
        let message = Array(String(repeating: "RSV1 only on the first frame. ", count: 8).utf8)
        let codec = try? PerMessageDeflateCodec(agreement: .init(), role: .client)
        let compressed = (try? codec?.compress(message)) ?? nil ?? [0x00]
        let half = max(1, compressed.count / 2)
        return [
            .send(.raw(.text, Array(compressed.prefix(half)), fin: false, rsv: 0b100)),
            .send(.raw(.continuation, Array(compressed.dropFirst(half)), fin: true, rsv: 0b100)),
        ]
    }

    // MARK: Shapes

    /// A negotiation case: offer, then echo one message (compressed when agreed) and close cleanly.
    private static func answer(_ id: CaseID, _ description: String, offer: DeflateOffer?, rule: String) -> Case {
        let message = Self.repetitiveText
        let testCase = Case.exchange(
            id,
            description,
            expectation: "A valid upgrade whose Sec-WebSocket-Extensions stays within the offer (or declines it), "
                + "then the message comes back unchanged and a clean close with 1000.",
            rule: rule,
            steps: [.sendMessage(.text, message), .closeAfter(Waits.echo)],
            expect: [.text(message.bytes())]
        )
        return offer.map { testCase.offering($0) } ?? testCase
    }

    /// A case that needs the extension and must end with the server failing the connection.
    private static func failure(
        _ id: CaseID, _ description: String, steps: [Step], codes: [CloseCode], rule: String
    ) -> Case {
        Case.failure(
            id,
            description,
            expectation: "The server fails the connection with "
                + codes.map { String($0.rawValue) }.joined(separator: " or ")
                + "; UNIMPLEMENTED when it declines permessage-deflate.",
            rule: rule,
            steps: steps,
            codes: codes
        ).offering(DeflateOffer(offers: [.init()]))
    }

    /// A case that needs the extension: send `message` `times` times (compressed), each echo must come back.
    private static func echo(
        _ id: CaseID, _ description: String, offer: [PerMessageDeflateParameters], message: PayloadPattern,
        times: Int, fragmentSize: Int? = nil, opcode: Opcode = .text, rule: String
    ) -> Case {
        let event: ApplicationEvent = opcode == .text ? .text(message.bytes()) : .binary(message.bytes())
        let steps = (1...times).flatMap { count in
            [
                Step.sendMessage(opcode, message, fragmentSize: fragmentSize),
                .awaitEvents(count: count, timeout: Waits.echo),
            ]
        }
        return Case.exchange(
            id,
            description,
            expectation: "Every echo inflates to the message sent, then a clean close with 1000; UNIMPLEMENTED when "
                + "the server declines permessage-deflate.",
            rule: rule,
            steps: steps + [.closeAfter(Waits.echo)],
            expect: Array(repeating: event, count: times)
        ).offering(DeflateOffer(offers: offer))
    }
}

extension DeflateOffer {
    /// An offer the server must decline (RFC 7692 §7): any acceptance fails; refusing the handshake is NON-STRICT.
    static func invalid(_ header: String) -> DeflateOffer {
        DeflateOffer(offers: [], required: false, rawHeader: header, refusalVerdict: .nonStrict)
    }
}

extension Case {
    /// The same case with `offer` in its opening handshake.
    func offering(_ offer: DeflateOffer) -> Case {
        var copy = self
        copy.handshake.deflate = offer
        return copy
    }
}
