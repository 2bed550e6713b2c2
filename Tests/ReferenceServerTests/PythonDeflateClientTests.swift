import ReferenceServer
import Testing

/// The reference server against a real, independent permessage-deflate implementation: Python's `websockets`.
@Suite("Reference server and Python websockets with compression", .enabled(if: PythonDeflateClient.isUsable))
struct PythonDeflateClientTests {
    func run(
        options: String,
        faults: Set<ServerFault> = [],
        permessageDeflate: Bool = true
    ) async throws -> PythonDeflateClient.Outcome {
        let server = try await ReferenceServer.start(
            ReferenceServerConfiguration(faults: faults, permessageDeflate: permessageDeflate)
        )
        let uri = server.localAddress
        let outcome: PythonDeflateClient.Outcome
        do {
            outcome = try await Task.detached { try PythonDeflateClient.run(uri: uri, options: options) }.value
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
        return outcome
    }

    static let offers: [(options: String, answer: String)] = [
        ("{}", "permessage-deflate"),
        (
            #"{"server_no_context_takeover": true, "client_no_context_takeover": true}"#,
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
        ),
        (
            #"{"server_max_window_bits": 9, "client_max_window_bits": 9}"#,
            "permessage-deflate; server_max_window_bits=9"
        ),
        (#"{"server_max_window_bits": 12}"#, "permessage-deflate; server_max_window_bits=12"),
        (#"{"server_max_window_bits": 8}"#, "permessage-deflate; server_max_window_bits=8"),
    ]

    @Test("Every echo matches, with and without context takeover and at several windows", arguments: Self.offers)
    func echoes(options: String, answer: String) async throws {
        let outcome = try await self.run(options: options)
        #expect(outcome.error == nil)
        #expect(outcome.extensions == answer)
        #expect(outcome.echoed == 12)
    }

    @Test("With compression switched off the server declines and still echoes")
    func declines() async throws {
        let outcome = try await self.run(options: "{}", permessageDeflate: false)
        #expect(outcome.error == nil)
        #expect(outcome.extensions == nil)
        #expect(outcome.echoed == 12)
    }

    static let faults: [(fault: ServerFault, options: String, complaint: String)] = [
        (.deflateRSV1OnContinuation, "{}", "RSV1 bit set in continuation frame"),
        (.deflateIgnoreNoContextTakeover, "{}", "decompression failed"),
        (.deflateWindowBiggerThanAgreed, "{}", "decompression failed"),
        (.deflateClientWindowOutsideOffer, #"{"client_max_window_bits": 10}"#, "NegotiationError"),
        (.deflateAnswerWithoutOffer, #"{"compression": false}"#, "NegotiationError"),
    ]

    @Test("Python's client notices each deflate fault", arguments: Self.faults)
    func faultIsVisible(fault: ServerFault, options: String, complaint: String) async throws {
        let outcome = try await self.run(options: options, faults: [fault])
        let error = try #require(outcome.error)
        #expect(error.contains(complaint))
        #expect(outcome.echoed < 12)
    }
}
