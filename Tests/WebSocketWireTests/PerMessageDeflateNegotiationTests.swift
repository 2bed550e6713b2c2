import Testing

@testable import WebSocketWire

@Suite("Sec-WebSocket-Extensions parsing and permessage-deflate negotiation (RFC 7692 §5, §7.1)")
struct PerMessageDeflateNegotiationTests {
    func parameters(_ header: String) throws -> PerMessageDeflateParameters {
        let elements = try ExtensionHeader.parse(header)
        return try PerMessageDeflateParameters(element: try #require(elements.first))
    }

    @Test("Several offers, quoted values and other extensions are read in order")
    func parsesLists() throws {
        let elements = try ExtensionHeader.parse([
            "permessage-deflate; client_max_window_bits; server_max_window_bits=\"10\" ,, x-foo",
            "permessage-deflate;server_no_context_takeover",
        ])
        #expect(elements.map(\.name) == ["permessage-deflate", "x-foo", "permessage-deflate"])
        let offers = PerMessageDeflateParameters.offers(in: elements)
        #expect(offers.count == 2)
        let first = try offers[0].get()
        #expect(first.clientMaxWindowBits == .noValue)
        #expect(first.serverMaxWindowBits == 10)
        #expect(try offers[1].get().serverNoContextTakeover)
    }

    @Test(
        "Headers that break the §9.1 grammar are refused",
        arguments: ["", "; a", "permessage-deflate;", "permessage-deflate; a=", "pmd; a=\"1 2\"", "pmd; a=\"x", "a b"]
    )
    func malformedHeaders(_ header: String) {
        if header.isEmpty {
            #expect((try? ExtensionHeader.parse(header))?.isEmpty == true)
        } else {
            #expect(throws: PerMessageDeflateError.self) { try ExtensionHeader.parse(header) }
        }
    }

    @Test(
        "Invalid parameters are refused (§7)",
        arguments: [
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",  // duplicate
            "permessage-deflate; client_max_window_bits=10; client_max_window_bits=11",  // duplicate
            "permessage-deflate; foo",  // unknown
            "permessage-deflate; server_no_context_takeover=1",  // flag with a value
            "permessage-deflate; server_max_window_bits",  // needs a value
            "permessage-deflate; server_max_window_bits=7",  // below 8
            "permessage-deflate; client_max_window_bits=16",  // above 15
            "permessage-deflate; client_max_window_bits=09",  // leading zero
            "permessage-deflate; server_max_window_bits=\"1a\"",  // not decimal
        ]
    )
    func invalidParameters(_ header: String) {
        #expect(throws: PerMessageDeflateError.self) { try self.parameters(header) }
    }

    @Test("Parameters render back to the header they were read from")
    func renders() throws {
        let header =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
            + "server_max_window_bits=10; client_max_window_bits"
        #expect(try self.parameters(header).description == header)
    }

    // MARK: Server side

    @Test("A server accepts the first valid offer and declines invalid ones (§5)")
    func serverSkipsInvalidOffers() throws {
        let elements = try ExtensionHeader.parse(
            "permessage-deflate; foo, permessage-deflate; server_max_window_bits=10, permessage-deflate"
        )
        let acceptance = try #require(PerMessageDeflateNegotiation.accept(offers: elements))
        #expect(acceptance.offerIndex == 1)
        #expect(acceptance.response.description == "permessage-deflate; server_max_window_bits=10")
        #expect(acceptance.agreement.serverMaxWindowBits == 10)
    }

    @Test("A server with nothing valid offered declines")
    func serverDeclines() throws {
        #expect(PerMessageDeflateNegotiation.accept(offers: try ExtensionHeader.parse("x-foo")) == nil)
        #expect(PerMessageDeflateNegotiation.accept(offers: try ExtensionHeader.parse("permessage-deflate; a")) == nil)
    }

    @Test("A server answers client_max_window_bits only when offered, within the offer (§7.1.2.2)")
    func serverClientWindow() throws {
        let policy = PerMessageDeflateNegotiation.ServerPolicy(clientMaxWindowBits: 12)
        let bare = PerMessageDeflateNegotiation.accept(
            offers: try ExtensionHeader.parse("permessage-deflate"),
            policy: policy
        )
        #expect(bare?.response.clientMaxWindowBits == nil)
        let valued = PerMessageDeflateNegotiation.accept(
            offers: try ExtensionHeader.parse("permessage-deflate; client_max_window_bits=10"),
            policy: policy
        )
        #expect(valued?.response.clientMaxWindowBits == .bits(10))
        let open = PerMessageDeflateNegotiation.accept(
            offers: try ExtensionHeader.parse("permessage-deflate; client_max_window_bits"),
            policy: policy
        )
        #expect(open?.agreement.clientMaxWindowBits == 12)
    }

    @Test("A server repeats the no-context-takeover flags it was offered (§7.1.1)")
    func serverContextFlags() throws {
        let offers = try ExtensionHeader.parse(
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        let agreement = try #require(PerMessageDeflateNegotiation.accept(offers: offers)).agreement
        #expect(agreement.serverNoContextTakeover && agreement.clientNoContextTakeover)
    }

    // MARK: Client side

    static let validResponses: [(offer: String, response: String)] = [
        ("permessage-deflate", "permessage-deflate"),
        ("permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
        ("permessage-deflate", "permessage-deflate; server_max_window_bits=12"),
        ("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=9"),
        ("permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits=8"),
        ("permessage-deflate; client_max_window_bits=10", "permessage-deflate; client_max_window_bits=10"),
        ("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover"),
        // An omitted server_max_window_bits means 15 (§7.1.2.1), so it answers an offered 15 (aiohttp does this).
        ("permessage-deflate; server_max_window_bits=15", "permessage-deflate"),
    ]

    @Test("A client accepts responses within its offer", arguments: Self.validResponses)
    func clientAccepts(offer: String, response: String) throws {
        let offers = [try self.parameters(offer)]
        let agreement = try PerMessageDeflateNegotiation.validate(
            response: try ExtensionHeader.parse(response),
            offers: offers
        )
        #expect(agreement == PerMessageDeflateAgreement(response: try self.parameters(response)))
    }

    static let invalidResponses: [(offer: String, response: String, section: String)] = [
        ("permessage-deflate", "permessage-deflate; client_max_window_bits=10", "RFC 7692 7.1.2.2"),
        (
            "permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits",
            "RFC 7692 7.1.2.2"
        ),
        (
            "permessage-deflate; client_max_window_bits=9", "permessage-deflate; client_max_window_bits=10",
            "RFC 7692 7.1.2.2"
        ),
        ("permessage-deflate; server_max_window_bits=10", "permessage-deflate", "RFC 7692 7.1.2.1"),
        (
            "permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=11",
            "RFC 7692 7.1.2.1"
        ),
        ("permessage-deflate; server_no_context_takeover", "permessage-deflate", "RFC 7692 7.1.1.1"),
        ("permessage-deflate", "permessage-deflate; foo", "RFC 7692 7"),
        (
            "permessage-deflate", "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "RFC 7692 7"
        ),
        ("permessage-deflate, permessage-deflate", "permessage-deflate, permessage-deflate", "RFC 7692 5"),
    ]

    @Test("A client refuses responses outside its offer, naming the rule", arguments: Self.invalidResponses)
    func clientRefuses(offer: String, response: String, section: String) throws {
        let offers = try PerMessageDeflateParameters.offers(in: ExtensionHeader.parse(offer)).map { try $0.get() }
        let error = #expect(throws: PerMessageDeflateError.self) {
            try PerMessageDeflateNegotiation.validate(response: try ExtensionHeader.parse(response), offers: offers)
        }
        #expect(error?.rfcSection == section)
    }

    @Test("A response to a client that offered nothing fails; no answer means no compression")
    func clientUnoffered() throws {
        #expect(throws: PerMessageDeflateError.self) {
            try PerMessageDeflateNegotiation.validate(
                response: try ExtensionHeader.parse("permessage-deflate"), offers: [])
        }
        let none = try PerMessageDeflateNegotiation.validate(
            response: [], offers: [try self.parameters("permessage-deflate")])
        #expect(none == nil)
    }

    @Test("With a fallback list, a response matching a later offer is accepted")
    func clientFallback() throws {
        let offers = try PerMessageDeflateParameters.offers(
            in: ExtensionHeader.parse("permessage-deflate; server_max_window_bits=9, permessage-deflate")
        ).map { try $0.get() }
        let agreement = try PerMessageDeflateNegotiation.validate(
            response: try ExtensionHeader.parse("permessage-deflate"),
            offers: offers
        )
        #expect(agreement == PerMessageDeflateAgreement())
    }
}
