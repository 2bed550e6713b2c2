import GauntletCore
import ReferenceServer
import Testing

/// Every check can fail: each fault switch of the reference server breaks one rule, and exactly the cases that
/// check that rule must stop passing, with a reason that names the rule.
@Suite("Fault switches fail the cases that check them")
struct FaultSwitchTests {
    /// How a fault must show: which cases fail, in which verdict, and what the reason must cite.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var fault: String
        var failing: [CaseID]
        var closeVerdict: CloseVerdict?
        var citation: String

        var testDescription: String { self.fault }
    }

    static let pongCases: [CaseID] = ["2.1", "2.2", "2.3", "2.4", "2.6", "2.9", "2.10", "2.11"]
    static let framingCases: [CaseID] = Catalogue.all.map(\.id).filter { $0.section == "1" }
    static let harnessClosedCases: [CaseID] = Catalogue.all.filter { $0.close.initiator == .harness }.map(\.id)

    static let expectations: [Expectation] = [
        .init(fault: "no-pong", failing: pongCases, citation: "RFC 6455 §5.5.2"),
        .init(fault: "pong-wrong-payload", failing: pongCases, citation: "RFC 6455 §5.5.2"),
        .init(fault: "answer-oversized-ping", failing: ["2.5"], citation: "RFC 6455 §5.5:"),
        .init(fault: "answer-unsolicited-pong", failing: ["2.7", "2.8", "2.9"], citation: "5.5.3"),
        .init(fault: "corrupt-echo", failing: framingCases, citation: "RFC 6455 §5.2"),
        .init(fault: "mask-server-frames", failing: Catalogue.all.map(\.id), citation: "RFC 6455 §5.1"),
        .init(fault: "bad-accept", failing: Catalogue.all.map(\.id), citation: "Sec-WebSocket-Accept"),
        .init(fault: "data-after-close", failing: harnessClosedCases, citation: "RFC 6455 §5.5.1"),
        .init(fault: "no-close-reply", failing: harnessClosedCases, closeVerdict: .unclean, citation: "RFC 6455 §7.1.1"),
        .init(fault: "wrong-close-code", failing: ["2.5"], closeVerdict: .wrongCode, citation: "1002"),
    ]

    @Test("A fault fails exactly the cases that check its rule", arguments: Self.expectations)
    func faultFailsItsCases(_ expectation: Expectation) async throws {
        let fault = try #require(ServerFault(name: expectation.fault), "unknown fault \(expectation.fault)")
        let limits = RunLimits()
        let results = try await Harness.withReferenceServer(faults: [fault]) { server in
            await Runner(target: Target(host: "127.0.0.1", port: server.port), limits: limits, jobs: 16)
                .run(Catalogue.all)
        }
        let failing = results.filter(\.judgement.isFailure).map(\.testCase.id)
        #expect(failing == expectation.failing.sorted())
        for result in results where expectation.failing.contains(result.testCase.id) {
            let judgement = result.judgement
            if let closeVerdict = expectation.closeVerdict {
                #expect(judgement.closeVerdict == closeVerdict, "\(result.testCase.id): \(judgement.closeReason)")
                #expect(judgement.closeReason.contains(expectation.citation), "\(result.testCase.id): \(judgement.closeReason)")
            } else {
                #expect(judgement.verdict == .failed, "\(result.testCase.id)")
                #expect(judgement.reason.contains(expectation.citation), "\(result.testCase.id): \(judgement.reason)")
            }
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
