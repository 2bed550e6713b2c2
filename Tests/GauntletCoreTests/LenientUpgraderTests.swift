import GauntletCore
import Testing

/// The refusal cases of section H can fail: a server that upgrades every request, whatever its method, version,
/// key or headers, must get FAILED on each case where RFC 6455 §4.2.1 says it must refuse.
@Suite("A server that upgrades everything")
struct LenientUpgraderTests {
    static let refusalCases = Catalogue.all.filter { $0.handshake.expectation != .upgrade }

    @Test("Every case that expects a refusal fails against a server that always answers 101")
    func everyRefusalCaseFails() async throws {
        try #require(Self.refusalCases.count >= 14)
        let peer = try await HostilePeer(.upgradeThen([]))
        var limits = RunLimits()
        limits.closingHandshake = .milliseconds(500)
        let target = Target(host: "127.0.0.1", port: peer.port)
        let results = await Runner(target: target, limits: limits).run(Self.refusalCases)
        await peer.stop()
        #expect(results.count == Self.refusalCases.count)
        for result in results {
            let verdict = result.judgement.verdict
            // Upgrading an oversized header block (H.15) is allowed but not preferred: NON-STRICT.
            let acceptable: Set<Verdict> = result.testCase.id == "H.15" ? [.nonStrict, .failed] : [.failed]
            #expect(acceptable.contains(verdict), "\(result.testCase.id): \(verdict) \(result.judgement.reason)")
            #expect(result.judgement.reason.contains("RFC"), "\(result.testCase.id): \(result.judgement.reason)")
        }
    }
}
