import WebSocketWire

/// The permessage-deflate offer a case makes in its opening handshake (RFC 7692 §5), and whether its steps need the
/// extension.
///
/// It is part of `HandshakeSpec`, so compression cases run through the same `CaseExecution` as every other case:
/// the driver checks the server's answer against exactly these offers and, when one is accepted, compresses what
/// the steps send and inflates what comes back.
public struct DeflateOffer: Sendable, Hashable {
    /// The offers, in order of preference; several form a fallback list, of which the server accepts at most one.
    public var offers: [PerMessageDeflateParameters]
    /// When true, a server that declines makes the case UNIMPLEMENTED and its steps are skipped, as Autobahn's
    /// sections 12 and 13 do. When false, declining is a valid answer and the steps run uncompressed.
    public var required: Bool
    /// The exact header value to send instead of `offers`, for offers the server must decline (a duplicate or
    /// unknown parameter, a bad value). The server's answer is then checked against `offers`, usually none.
    public var rawHeader: String?
    /// The verdict for a server that refuses the whole handshake with a 4xx instead of declining the offer; nil
    /// makes a refusal FAILED like any other failed upgrade. An invalid offer must not be accepted (RFC 7692 §7),
    /// but refusing the connection for it is harsher than declining the extension: NON-STRICT.
    public var refusalVerdict: Verdict?

    public init(
        offers: [PerMessageDeflateParameters],
        required: Bool = true,
        rawHeader: String? = nil,
        refusalVerdict: Verdict? = nil
    ) {
        self.offers = offers
        self.required = required
        self.rawHeader = rawHeader
        self.refusalVerdict = refusalVerdict
    }

    /// Autobahn's default client offer (autobahn-python `PerMessageDeflateOffer()`): the server may ask us to drop
    /// our context (`client_no_context_takeover`) and to use a smaller window (bare `client_max_window_bits`).
    public static func autobahn(
        serverNoContextTakeover: Bool = false, serverMaxWindowBits: Int? = nil
    )
        -> PerMessageDeflateParameters
    {
        PerMessageDeflateParameters(
            serverNoContextTakeover: serverNoContextTakeover,
            clientNoContextTakeover: true,
            serverMaxWindowBits: serverMaxWindowBits,
            clientMaxWindowBits: .noValue
        )
    }

    /// The `Sec-WebSocket-Extensions` value the request carries.
    public var headerValue: String {
        self.rawHeader ?? self.offers.map(\.description).joined(separator: ", ")
    }
}
