import GauntletCore
import ReferenceServer
import Testing

/// Every check can fail: each fault switch of the reference server breaks one rule, and exactly the cases that
/// check that rule must stop passing, with a reason that names the rule.
///
/// Not in the table: `drop-without-close` (RFC 6455 §7.1.7 says a failing endpoint SHOULD send a close frame, and
/// Autobahn accepts dropping TCP there, so no case may fail for it) and `late-utf8-failure`, which turns 6.4.x
/// NON-STRICT rather than FAILED (tested on its own below).
@Suite("Fault switches fail the cases that check them")
struct FaultSwitchTests {
    /// How a fault must show: which cases fail, in which close verdict, and what the reason must cite.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var fault: String
        var failing: [CaseID]
        var closeVerdict: CloseVerdict?
        /// The failing reason must contain one of these; empty means the case's own rule.
        var citations: [String] = []

        var testDescription: String { self.fault }
    }

    /// Section 9 is left out of the per-fault runs (it is slow and memory-heavy, and its rule is the echo's);
    /// `largeEchoesCanFail` shows its digest comparison fails on a corrupted echo. The compression sections (12, 13,
    /// D) have their own fault table in `DeflateCaseTests`.
    static let all = Catalogue.all.filter { !["9", "12", "13", "D"].contains($0.id.section) }

    static func ids(_ predicate: (Case) -> Bool) -> [CaseID] {
        Self.all.filter(predicate).map(\.id)
    }

    static func okEvents(_ testCase: Case) -> [ApplicationEvent] {
        testCase.outcomes.first { $0.verdict == .ok }?.events ?? []
    }

    static func isUpgrade(_ testCase: Case) -> Bool { testCase.handshake.expectation == .upgrade }

    static func section(_ testCase: Case, _ prefix: String) -> Bool {
        testCase.id.rawValue.hasPrefix(prefix)
    }

    static func isMessage(_ event: ApplicationEvent) -> Bool {
        switch event {
        case .text, .binary, .digest: true
        case .ping, .pong, .marker: false
        }
    }

    static func isPong(_ event: ApplicationEvent) -> Bool {
        if case .pong = event { true } else { false }
    }

    static let upgradeCases = ids(isUpgrade)
    static let pongCases = ids { okEvents($0).contains(where: isPong) }
    static let echoCases = ids { !$0.close.informational && okEvents($0).contains(where: isMessage) }
    /// Cases the harness closes with a valid close frame, so the server's reply is a plain close.
    static let cleanlyClosedCases = ids { $0.close.initiator == .harness && $0.close.requireClean && isUpgrade($0) }
    /// Cases the harness closes, except 7.3.6, whose oversized close frame fails on its header before any close
    /// handling; 7.1.6 and 7.13.x leave the close open.
    static let closeAnsweringCases = ids {
        $0.close.initiator == .harness && isUpgrade($0) && !$0.close.informational && $0.id != "7.3.6"
    }
    /// Cases where the server must fail the connection with a code other than 1000.
    static let failureCodeCases = ids {
        isUpgrade($0) && !$0.close.informational && !$0.close.allowedCodes.contains(.normalClosure)
    }
    static let invalidUTF8Cases = ids {
        $0.close.initiator == .server && $0.close.allowedCodes == [.invalidPayloadData]
    }

    static let expectations: [Expectation] = [
        .init(fault: "bad-accept", failing: upgradeCases, citations: ["Sec-WebSocket-Accept"]),
        .init(fault: "unoffered-subprotocol", failing: upgradeCases, citations: ["chose subprotocol"]),
        .init(fault: "unoffered-extension", failing: upgradeCases, citations: ["accepted extension"]),
        .init(fault: "accept-any-version", failing: ["H.5", "H.6", "H.7"]),
        .init(fault: "accept-invalid-key", failing: ["H.1", "H.2", "H.3", "H.4"]),
        .init(fault: "mask-server-frames", failing: upgradeCases, citations: ["RFC 6455 §5.1"]),
        .init(fault: "accept-unmasked-frames", failing: ["C.1", "C.2"], citations: ["RFC 6455 §5.1", "§7.1.1"]),
        .init(fault: "accept-rsv-bits", failing: ids { section($0, "3.") }, citations: ["RFC 6455 §5.2", "§7.4.1"]),
        .init(
            fault: "accept-reserved-opcode",
            failing: ids { section($0, "4.") },
            citations: ["RFC 6455 §5.2", "§7.1.1"]
        ),
        .init(
            fault: "accept-stray-continuation",
            failing: ["5.9", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17"],
            citations: ["RFC 6455 §5.4", "§7.1.1"]
        ),
        .init(fault: "accept-fragmented-control", failing: ["5.1"], citations: ["RFC 6455 §5.4"]),
        .init(fault: "answer-oversized-ping", failing: ["2.5", "7.3.6"], citations: ["RFC 6455 §5.5", "§7.4.1"]),
        .init(fault: "no-pong", failing: pongCases),
        .init(fault: "pong-wrong-payload", failing: pongCases),
        .init(fault: "answer-unsolicited-pong", failing: ["2.7", "2.8", "2.9"], citations: ["5.5.3"]),
        .init(fault: "corrupt-echo", failing: echoCases, citations: ["RFC 6455 §", "payload differs"]),
        .init(fault: "data-after-close", failing: cleanlyClosedCases, citations: ["RFC 6455 §5.5.1"]),
        .init(
            fault: "no-close-reply",
            failing: closeAnsweringCases,
            citations: ["RFC 6455 §7.1.1", "RFC 6455 §5.5.1"]
        ),
        .init(fault: "wrong-close-code", failing: failureCodeCases, closeVerdict: .wrongCode, citations: ["§7.4.1"]),
        .init(
            fault: "accept-invalid-close-code",
            failing: ids { section($0, "7.9.") || section($0, "7.13.") },
            citations: ["RFC 6455 §7.4"]
        ),
        .init(fault: "accept-invalid-utf8", failing: invalidUTF8Cases, citations: ["8.1", "§7.1.1"]),
    ]

    static func run(fault name: String, cases: [Case] = Self.all) async throws -> [CaseResult] {
        let fault = try #require(ServerFault(name: name), "unknown fault \(name)")
        var limits = RunLimits()
        // Short enough that faults which never close keep the run quick, long enough for a loaded CI machine.
        limits.closingHandshake = .seconds(1)
        return try await Harness.withReferenceServer(faults: [fault]) { server in
            await Runner(target: Target(host: "127.0.0.1", port: server.port), limits: limits, jobs: 16)
                .run(cases)
        }
    }

    @Test("A fault fails exactly the cases that check its rule", arguments: Self.expectations)
    func faultFailsItsCases(_ expectation: Expectation) async throws {
        let results = try await Self.run(fault: expectation.fault)
        // INFORMATIONAL cases only fail when the fault shows on the wire before the server closes, which depends
        // on timing; they may go either way.
        let judged = results.filter { !$0.testCase.close.informational }
        let failing = judged.filter(\.judgement.isFailure).map(\.testCase.id)
        let expected = expectation.failing.filter { id in judged.contains { $0.testCase.id == id } }
        let unexpected = judged.filter { !expected.contains($0.testCase.id) }
        #expect(failing == expected.sorted(), "unexpected: \(Harness.failures(unexpected))")
        for result in judged where expected.contains(result.testCase.id) {
            let judgement = result.judgement
            let id = result.testCase.id
            if let closeVerdict = expectation.closeVerdict {
                #expect(judgement.closeVerdict == closeVerdict, "\(id): \(judgement.closeReason)")
            }
            let text = judgement.verdict.isFailure ? judgement.reason : judgement.closeReason
            let citations = expectation.citations.isEmpty ? [result.testCase.rule] : expectation.citations
            #expect(citations.contains { text.contains($0) }, "\(id): \(text)")
        }
    }

    @Test("Checking UTF-8 only at the end of a message makes 6.4.x NON-STRICT and fails nothing")
    func lateUTF8FailureIsNonStrict() async throws {
        let results = try await Self.run(fault: "late-utf8-failure")
        #expect(Harness.failures(results) == [])
        let nonStrict = results.filter { $0.judgement.verdict == .nonStrict }.map(\.testCase.id)
        #expect(nonStrict == ["6.4.1", "6.4.2", "6.4.3", "6.4.4"])
    }

    @Test("A corrupted echo fails section 9 cases, whether compared byte for byte or by SHA-256")
    func largeEchoesCanFail() async throws {
        let ids: [CaseID] = ["9.1.1", "9.1.3", "9.2.3", "9.3.9", "9.5.6", "9.7.2", "9.8.2"]
        let cases = Catalogue.all.filter { ids.contains($0.id) }
        let results = try await Self.run(fault: "corrupt-echo", cases: cases)
        #expect(results.map(\.testCase.id) == ids)
        for result in results {
            #expect(result.judgement.verdict == .failed, "\(result.testCase.id)")
            #expect(
                result.judgement.reason.contains("RFC 6455 §5.2"), "\(result.testCase.id): \(result.judgement.reason)")
        }
    }

    @Test("Every fault has a distinct name and a summary")
    func faultsAreDescribed() {
        let names = ServerFault.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(ServerFault.all.allSatisfy { !$0.summary.isEmpty })
        for expectation in Self.expectations {
            #expect(ServerFault(name: expectation.fault) != nil)
        }
    }
}
