import ReferenceServer
import Testing
import WebSocketWire

/// Each permessage-deflate fault switch breaks its one rule where a client can see it, and the same check passes
/// against the correct server, so every check here can fail.
@Suite("Reference server deflate faults are visible on the wire")
struct DeflateFaultTests {
    let wire = RawDeflateClientTests()

    /// Runs `check` against the correct server and against the faulty one; returns (correct, faulty) outcomes.
    func compare(
        _ fault: ServerFault,
        offer: String?,
        check: @escaping (RawClient) async throws -> Bool
    ) async throws -> (correct: Bool, faulty: Bool) {
        let correct = try await self.wire.withClient(offer: offer) { try await check($0) }
        let faulty = try await self.wire.withClient(offer: offer, faults: [fault]) { try await check($0) }
        return (correct, faulty)
    }

    @Test("rsv1-on-continuation: an echo's continuation frame carries RSV1 (RFC 7692 §6.1)")
    func rsv1OnContinuation() async throws {
        let outcome = try await self.compare(.deflateRSV1OnContinuation, offer: "permessage-deflate") { client in
            let codec = try self.wire.codec(client, offer: "permessage-deflate")
            let echoes = try await self.wire.exchange(
                client, codec: codec, messages: [RawDeflateClientTests.farRepeats])
            let frames = try #require(echoes.first).frames
            return frames.dropFirst().allSatisfy { !$0.rsv1 } && frames.first?.rsv1 == true
        }
        #expect(outcome.correct)
        #expect(!outcome.faulty)
    }

    @Test("ignore-no-context-takeover: a repeated message no longer inflates after a context reset (§7.1.1.1)")
    func ignoreNoContextTakeover() async throws {
        let offer = "permessage-deflate; server_no_context_takeover"
        let outcome = try await self.compare(.deflateIgnoreNoContextTakeover, offer: offer) { client in
            let codec = try self.wire.codec(client, offer: offer)
            #expect(codec.agreement.serverNoContextTakeover)
            let message = RawDeflateClientTests.hello
            let echoes = try await self.wire.exchange(client, codec: codec, messages: [message, message])
            return echoes.count == 2 && echoes.allSatisfy { (try? codec.decompress($0.payload)) == message }
        }
        #expect(outcome.correct)
        #expect(!outcome.faulty)
    }

    @Test("window-bigger-than-agreed: back-references beyond the announced window fail to inflate (§7.1.2.1)")
    func windowBiggerThanAgreed() async throws {
        let offer = "permessage-deflate; server_max_window_bits=9"
        let outcome = try await self.compare(.deflateWindowBiggerThanAgreed, offer: offer) { client in
            let codec = try self.wire.codec(client, offer: offer)
            #expect(codec.agreement.serverMaxWindowBits == 9)
            let message = RawDeflateClientTests.farRepeats
            let echoes = try await self.wire.exchange(client, codec: codec, messages: [message])
            return echoes.count == 1 && echoes.allSatisfy { (try? codec.decompress($0.payload)) == message }
        }
        #expect(outcome.correct)
        #expect(!outcome.faulty)
    }

    @Test(
        "client-window-outside-offer: the response breaks §7.1.2.2 for every kind of offer",
        arguments: [
            "permessage-deflate", "permessage-deflate; client_max_window_bits=10",
            "permessage-deflate; client_max_window_bits",
        ]
    )
    func clientWindowOutsideOffer(offer: String) async throws {
        let outcome = try await self.compare(.deflateClientWindowOutsideOffer, offer: offer) { client in
            let offers = try PerMessageDeflateParameters.offers(in: ExtensionHeader.parse(offer)).map { try $0.get() }
            do throws(PerMessageDeflateError) {
                _ = try PerMessageDeflateNegotiation.validate(response: try client.extensionElements(), offers: offers)
                return true
            } catch {
                #expect(error.rfcSection == "RFC 7692 7.1.2.2")
                return false
            }
        }
        #expect(outcome.correct)
        #expect(!outcome.faulty)
    }

    @Test("answer-without-offer: permessage-deflate comes back unasked (RFC 6455 §9.1)")
    func answerWithoutOffer() async throws {
        let outcome = try await self.compare(.deflateAnswerWithoutOffer, offer: nil) { client in
            do {
                _ = try PerMessageDeflateNegotiation.validate(response: client.extensionElements(), offers: [])
                return true
            } catch {
                return false
            }
        }
        #expect(outcome.correct)
        #expect(!outcome.faulty)
    }

    @Test("Every deflate fault is listed and found by name")
    func listed() {
        for name in [
            "deflate-rsv1-on-continuation", "deflate-ignore-no-context-takeover",
            "deflate-window-bigger-than-agreed", "deflate-client-window-outside-offer",
            "deflate-answer-without-offer",
        ] {
            #expect(ServerFault(name: name) != nil, "\(name)")
        }
    }
}
