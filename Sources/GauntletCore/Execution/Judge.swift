import WebSocketWire

/// The verdicts of one case and the reasons for them, in words a CI log reader understands at a glance.
public struct Judgement: Sendable, Hashable, Codable {
    public var verdict: Verdict
    public var reason: String
    public var closeVerdict: CloseVerdict
    public var closeReason: String

    /// Whether this case fails a CI gate: either verdict is a failure.
    public var isFailure: Bool { self.verdict.isFailure || self.closeVerdict.isFailure }

    /// The judgement of every case whose target could not be reached at all.
    static func unreachable(_ reason: String) -> Judgement {
        Judgement(
            verdict: .failed,
            reason: "Could not connect: \(reason)",
            closeVerdict: .failed,
            closeReason: "No connection was made"
        )
    }
}

/// Turns a case and what was observed into verdicts, following Autobahn|Testsuite's rules.
///
/// Pure and synchronous, so every rule is unit-testable from a hand-made `Observation` without sockets.
public enum Judge {
    public static func judge(_ testCase: Case, _ observation: Observation) -> Judgement {
        if let script = testCase.scenario {
            return ScenarioJudge.judge(script, observation)
        }
        if let refusal = HandshakeJudge.judge(testCase, observation) {
            return refusal
        }
        switch observation.handshake {
        case .unreachable(let reason):
            return .unreachable(reason)
        case .rejected(let response?, _)
        where (400..<500).contains(response.statusCode) && testCase.handshake.deflate?.refusalVerdict != nil:
            return Judgement(
                verdict: testCase.handshake.deflate?.refusalVerdict ?? .failed,
                reason: "The server refused the handshake (\(response.statusLine)) instead of declining the invalid "
                    + "permessage-deflate offer (RFC 7692 §7)",
                closeVerdict: .ok,
                closeReason: "No WebSocket connection was opened, so there is none to close"
            )
        case .rejected(let response, let reasons)
        where response?.statusCode != 101 && testCase.handshake.refusalVerdict != nil:
            return Judgement(
                verdict: testCase.handshake.refusalVerdict ?? .failed,
                reason: "The server turned the upgrade down: " + reasons.joined(separator: "; ") + ". "
                    + testCase.rule,
                closeVerdict: .ok,
                closeReason: "No WebSocket connection was opened, so there is none to close"
            )
        case .rejected(_, let reasons):
            return Judgement(
                verdict: .failed,
                reason: "The opening handshake failed (RFC 6455 §4.1): " + reasons.joined(separator: "; "),
                closeVerdict: .failed,
                closeReason: "No WebSocket connection was established"
            )
        case .upgraded:
            if testCase.handshake.deflate?.required == true && observation.deflate == nil {
                // Autobahn 12.x/13.x: a server without permessage-deflate has not implemented what the case tests.
                // The harness closes at once, so the close is judged as Autobahn does there: ours, 1000, clean.
                let (closeVerdict, closeReason) = self.judgeClose(.normal, observation)
                return Judgement(
                    verdict: .unimplemented,
                    reason: "The server declined permessage-deflate (RFC 7692 §5), which this case needs",
                    closeVerdict: closeVerdict,
                    closeReason: closeReason
                )
            }
            let (verdict, reason) = self.judgeEvents(testCase, observation)
            let (closeVerdict, closeReason) = self.judgeClose(testCase.close, observation)
            return Judgement(verdict: verdict, reason: reason, closeVerdict: closeVerdict, closeReason: closeReason)
        }
    }

    private static func judgeEvents(_ testCase: Case, _ observation: Observation) -> (Verdict, String) {
        if let violation = observation.violations.first {
            return (.failed, "The server broke \(Self.cite(violation.rfcSection)): \(violation.detail)")
        }
        if testCase.close.informational {
            // Autobahn 7.1.6 and 7.13.x: the RFC leaves the outcome open, so what arrived is recorded, not judged.
            return (.informational, "Received \(observation.received.summary); the RFC leaves this outcome open")
        }
        let received = testCase.relevant(observation.received)
        let sent = observation.sentMessages
        if let outcome = testCase.outcomes.first(where: { testCase.expected($0, sent: sent) == received }) {
            return (outcome.verdict, "Received \(observation.received.summary), as expected for \(outcome.verdict)")
        }
        let firstEvents = testCase.outcomes.first.map { testCase.expected($0, sent: sent) } ?? []
        let expected = firstEvents.summary
        let mismatch = Self.firstDifference(expected: firstEvents, received)
        var reason = "Expected \(expected) but received \(observation.received.summary)"
        if let mismatch { reason += "; \(mismatch)" }
        if observation.timedOut { reason += "; the case ran out of time" }
        return (.failed, reason + ". " + testCase.rule)
    }

    /// "RFC 6455 §5.2" for a bare section of RFC 6455, "RFC 7692 §6.1" for one that names its RFC.
    static func cite(_ section: String) -> String {
        let parts = section.split(separator: " ")
        if parts.count == 3, parts[0] == "RFC" {
            return "RFC \(parts[1]) §\(parts[2].drop { $0 == "§" })"
        }
        return section.hasPrefix("RFC") ? section : "RFC 6455 §\(section)"
    }

    /// Names the first event that differs, so a reader sees "pong payload differs at byte 3" and not two dumps.
    private static func firstDifference(expected: [ApplicationEvent], _ received: [ApplicationEvent]) -> String? {
        for (index, (want, got)) in zip(expected, received).enumerated() where want != got {
            guard want.summary.prefix(4) == got.summary.prefix(4) else {
                return "event \(index + 1) is \(got.summary) where \(want.summary) was expected"
            }
            let offset = zip(want.payload, got.payload).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            if let offset {
                return "event \(index + 1) payload differs at byte \(offset)"
            }
            return "event \(index + 1) has \(got.payload.count) payload bytes where \(want.payload.count) were expected"
        }
        return nil
    }

    /// Autobahn's close rules, in its order: wrong initiator, unclean, wrong code, harness had to drop TCP.
    private static func judgeClose(
        _ expectation: CloseExpectation, _ observation: Observation
    ) -> (CloseVerdict, String) {
        let closing = observation.closing
        if expectation.informational {
            return (.informational, "The RFC leaves the close behaviour open here")
        }
        let closedByHarness = closing.closedByHarness
        if (expectation.initiator == .harness) != closedByHarness {
            let who =
                closedByHarness ? "the harness" : (closing.closeReceived ? "the server" : "the server (dropping TCP)")
            return (
                .failed,
                "The connection was closed by the wrong endpoint: \(who) did, the \(expectation.initiator.rawValue) should"
            )
        }
        if expectation.requireClean && !closing.wasClean {
            return (
                .unclean,
                "The closing handshake did not complete before TCP closed, but RFC 6455 §7.1.1 requires it here"
            )
        }
        if let code = closing.serverCode, !expectation.allowedCodes.contains(code) {
            let allowed = expectation.allowedCodes.map { String($0.rawValue) }.joined(separator: ", ")
            return (
                .wrongCode,
                "The server closed with \(code.rawValue); the code should have been \(allowed) or empty (RFC 6455 §7.4.1)"
            )
        }
        if closing.droppedByHarness && !closing.failedByHarness {
            return (.failedByClient, "The server never closed TCP after the closing handshake (RFC 6455 §7.1.1)")
        }
        return (.ok, "The connection was closed properly")
    }
}
