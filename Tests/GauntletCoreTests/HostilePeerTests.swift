import GauntletCore
import Testing

/// A hostile or broken peer must give a clean FAILED: never a crash, never a hang.
@Suite("Hostile peers")
struct HostilePeerTests {
    private func runOneCase(against script: HostilePeer.Script) async throws -> CaseResult {
        let peer = try await HostilePeer(script)
        var limits = RunLimits()
        limits.handshake = .milliseconds(500)
        limits.closingHandshake = .milliseconds(500)
        let cases = Catalogue.cases(matching: CaseFilter(include: ["1.1.1"]))
        let results = await Runner(target: Target(host: "127.0.0.1", port: peer.port), limits: limits).run(cases)
        await peer.stop()
        return try #require(results.first)
    }

    @Test("Garbage instead of a 101 response fails the handshake")
    func garbageInsteadOfUpgrade() async throws {
        let result = try await self.runOneCase(against: .reply(Array("\u{0}\u{1}garbage\r\n\r\n".utf8)))
        #expect(result.judgement.verdict == .failed)
        #expect(result.judgement.reason.contains("handshake"))
    }

    @Test("A 200 OK instead of a 101 fails the handshake and names the status")
    func plainHTTPResponse() async throws {
        let result = try await self.runOneCase(
            against: .reply(Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)))
        #expect(result.judgement.verdict == .failed)
        #expect(result.judgement.reason.contains("200"))
    }

    @Test("A frame claiming 2^63-1 bytes fails the case without allocating it")
    func absurdFrameLength() async throws {
        let header: [UInt8] = [0x82, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let result = try await self.runOneCase(against: .upgradeThen(header))
        #expect(result.judgement.verdict == .failed)
        #expect(result.observation.violations.contains { $0.kind == .frameTooLarge })
    }

    @Test("A server that never answers times out into FAILED")
    func silentServer() async throws {
        let result = try await self.runOneCase(against: .silence)
        #expect(result.judgement.verdict == .failed)
        #expect(result.judgement.reason.contains("no complete response"))
    }
}
