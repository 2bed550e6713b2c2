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
}
