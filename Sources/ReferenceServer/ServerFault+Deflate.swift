// MARK: - permessage-deflate (RFC 7692)

extension ServerFault {
    /// §6.1: RSV1 marks a compressed message on its first frame only.
    public static let deflateRSV1OnContinuation = ServerFault(
        name: "deflate-rsv1-on-continuation",
        summary: "sends each compressed echo as two frames with RSV1 set on the continuation too (RFC 7692 §6.1)"
    )
    /// §7.1.1.1: after promising server_no_context_takeover the server must reset its compressor per message.
    public static let deflateIgnoreNoContextTakeover = ServerFault(
        name: "deflate-ignore-no-context-takeover",
        summary: "announces server_no_context_takeover but keeps its compression context (RFC 7692 §7.1.1.1)"
    )
    /// §7.1.2.1: the server must not compress with a window larger than the server_max_window_bits it answered.
    public static let deflateWindowBiggerThanAgreed = ServerFault(
        name: "deflate-window-bigger-than-agreed",
        summary: "announces server_max_window_bits of at most 9 but compresses with a 32 KiB window (§7.1.2.1)"
    )
    /// §7.1.2.2: client_max_window_bits may only answer an offer that had it, with a value and within that offer.
    public static let deflateClientWindowOutsideOffer = ServerFault(
        name: "deflate-client-window-outside-offer",
        summary: "answers client_max_window_bits the offer does not allow (unoffered, too big or valueless, §7.1.2.2)"
    )
    /// RFC 6455 §9.1: the server may only accept an extension the client offered.
    public static let deflateAnswerWithoutOffer = ServerFault(
        name: "deflate-answer-without-offer",
        summary: "answers permessage-deflate (and compresses) when the client did not offer it (RFC 6455 §9.1)"
    )
    /// §7.1.2.1: an offered server_max_window_bits is answered with the same or a smaller value.
    public static let deflateServerWindowAboveOffer = ServerFault(
        name: "deflate-server-window-above-offer",
        summary: "answers an offered server_max_window_bits with a value one larger than offered (RFC 7692 §7.1.2.1)"
    )
    /// §5: one element answers one offer; a fallback list gets at most one acceptance.
    public static let deflateAnswerEveryOffer = ServerFault(
        name: "deflate-answer-every-offer",
        summary: "answers every valid permessage-deflate offer of a fallback list, not just one (RFC 7692 §5)"
    )
    /// §7.1.1.1: accepting an offered server_no_context_takeover means repeating it.
    public static let deflateDropServerNoContextTakeover = ServerFault(
        name: "deflate-drop-server-no-context-takeover",
        summary: "accepts an offer with server_no_context_takeover but leaves it out and keeps context (§7.1.1.1)"
    )
    /// §7: an offer with a duplicate or unknown parameter or an invalid value must be declined.
    public static let deflateAcceptInvalidOffer = ServerFault(
        name: "deflate-accept-invalid-offer",
        summary: "accepts a permessage-deflate offer it must decline (duplicate, unknown or invalid parameter, §7)"
    )
    /// §6.2: a compressed message that does not inflate fails the connection.
    public static let deflateIgnoreCorruptMessage = ServerFault(
        name: "deflate-ignore-corrupt-message",
        summary: "drops a compressed message that does not inflate and carries on, instead of failing (§6.2)"
    )
    /// §6: only a message whose first frame has RSV1 is compressed.
    public static let deflateInflateEveryMessage = ServerFault(
        name: "deflate-inflate-every-message",
        summary: "inflates every message on a permessage-deflate connection, even without RSV1 (RFC 7692 §6)"
    )
}
