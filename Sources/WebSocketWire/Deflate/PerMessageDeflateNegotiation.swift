/// Both sides of the permessage-deflate handshake (RFC 7692 §5, §7.1) as pure functions: a server choosing from a
/// client's offers, and a client checking that a server's response stays within what it offered.
public enum PerMessageDeflateNegotiation {
    /// What a server is willing to agree to; the defaults accept any valid offer as offered.
    public struct ServerPolicy: Hashable, Sendable {
        /// Announce `server_no_context_takeover` even when the client did not ask for it (§7.1.1.1).
        public var serverNoContextTakeover: Bool
        /// Ask the client to reset its context after each message (§7.1.1.2: allowed even when not offered).
        public var clientNoContextTakeover: Bool
        /// The largest window the server compresses with; below 15 it is announced (§7.1.2.1).
        public var serverMaxWindowBits: Int
        /// A window to impose on the client, used only when the client offered `client_max_window_bits` (§7.1.2.2).
        public var clientMaxWindowBits: Int?

        /// Creates a policy; every parameter has the default documented on its property.
        public init(
            serverNoContextTakeover: Bool = false,
            clientNoContextTakeover: Bool = false,
            serverMaxWindowBits: Int = 15,
            clientMaxWindowBits: Int? = nil
        ) {
            self.serverNoContextTakeover = serverNoContextTakeover
            self.clientNoContextTakeover = clientNoContextTakeover
            self.serverMaxWindowBits = serverMaxWindowBits
            self.clientMaxWindowBits = clientMaxWindowBits
        }
    }

    /// The server's choice: the parameters to answer with and what they mean for both codecs.
    public struct Acceptance: Hashable, Sendable {
        /// The `Sec-WebSocket-Extensions` element to send in the 101.
        public var response: PerMessageDeflateParameters
        /// The settings both ends now use.
        public var agreement: PerMessageDeflateAgreement
        /// Which permessage-deflate offer (0-based, in header order) was accepted.
        public var offerIndex: Int
    }

    /// Server side (§5): accepts the first valid offer and declines the rest; an offer with an unknown or duplicate
    /// parameter or a bad value is declined (§5 "MUST decline"). Nil when nothing acceptable was offered.
    public static func accept(
        offers elements: [ExtensionElement],
        policy: ServerPolicy = ServerPolicy()
    ) -> Acceptance? {
        for (index, offer) in PerMessageDeflateParameters.offers(in: elements).enumerated() {
            guard case .success(let offer) = offer else {
                continue
            }
            var response = PerMessageDeflateParameters()
            response.serverNoContextTakeover = offer.serverNoContextTakeover || policy.serverNoContextTakeover
            response.clientNoContextTakeover = offer.clientNoContextTakeover || policy.clientNoContextTakeover
            // §7.1.2.1: answer an offered limit with the same or a smaller value; announce our own limit anyway.
            let serverBits = min(offer.serverMaxWindowBits ?? 15, policy.serverMaxWindowBits)
            if offer.serverMaxWindowBits != nil || serverBits < 15 {
                response.serverMaxWindowBits = serverBits
            }
            // §7.1.2.2: only when offered, and never above an offered value.
            if let offered = offer.clientMaxWindowBits, let wanted = policy.clientMaxWindowBits {
                response.clientMaxWindowBits = .bits(min(wanted, offered.value ?? 15))
            }
            return Acceptance(
                response: response,
                agreement: PerMessageDeflateAgreement(response: response),
                offerIndex: index
            )
        }
        return nil
    }

    /// Client side: checks the server's `Sec-WebSocket-Extensions` elements against the client's offers and returns
    /// the agreement, or nil when the server declined permessage-deflate. Other extension names are the caller's.
    public static func validate(
        response elements: [ExtensionElement],
        offers: [PerMessageDeflateParameters]
    ) throws(PerMessageDeflateError) -> PerMessageDeflateAgreement? {
        let answers = elements.filter { $0.name.lowercased() == PerMessageDeflateParameters.extensionName }
        guard let answer = answers.first else {
            return nil
        }
        guard !offers.isEmpty else {
            throw .unexpectedExtension("the server accepted permessage-deflate, which the client did not offer")
        }
        guard answers.count == 1 else {
            throw .tooManyResponses
        }
        let response = try PerMessageDeflateParameters(element: answer)
        if response.clientMaxWindowBits == .noValue {
            throw .invalidValue("client_max_window_bits", nil, section: "7.1.2.2")
        }
        var firstReason: PerMessageDeflateError?
        for offer in offers {
            if let reason = self.reasonResponse(response, isOutside: offer) {
                firstReason = firstReason ?? reason
            } else {
                return PerMessageDeflateAgreement(response: response)
            }
        }
        throw firstReason ?? .outsideOffer("the response matches no offer", section: "7.1")
    }

    /// Why `response` cannot be the acceptance of `offer`, or nil when it can.
    static func reasonResponse(
        _ response: PerMessageDeflateParameters,
        isOutside offer: PerMessageDeflateParameters
    ) -> PerMessageDeflateError? {
        // §7.1.1.1: an offered server_no_context_takeover is accepted by repeating it.
        if offer.serverNoContextTakeover && !response.serverNoContextTakeover {
            return .outsideOffer(
                "the offer's server_no_context_takeover is missing from the response", section: "7.1.1.1")
        }
        // §7.1.2.1: an offered server_max_window_bits is accepted with the same or a smaller value. Leaving out an
        // offered 15 is taken as accepting it: an absent parameter means 15 (§7.1.2.1), so both ends use the same
        // window, and Autobahn's client accepts that answer too (aiohttp sends it).
        if let offered = offer.serverMaxWindowBits, !(offered == 15 && response.serverMaxWindowBits == nil) {
            guard let answered = response.serverMaxWindowBits, answered <= offered else {
                return .outsideOffer(
                    "server_max_window_bits must be answered with \(offered) or less, got "
                        + (response.serverMaxWindowBits.map(String.init) ?? "none"),
                    section: "7.1.2.1"
                )
            }
        }
        // §7.1.2.2: client_max_window_bits only if offered, and not above an offered value.
        if let answered = response.clientMaxWindowBits?.value {
            guard let offered = offer.clientMaxWindowBits else {
                return .outsideOffer(
                    "client_max_window_bits=\(answered) answers an offer that did not include it",
                    section: "7.1.2.2"
                )
            }
            if let limit = offered.value, answered > limit {
                return .outsideOffer(
                    "client_max_window_bits=\(answered) exceeds the offered \(limit)",
                    section: "7.1.2.2"
                )
            }
        }
        return nil
    }
}
