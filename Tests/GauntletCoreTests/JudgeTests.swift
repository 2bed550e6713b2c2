import Testing
import WebSocketWire

@testable import GauntletCore

/// The judge's rules, from hand-made observations: no sockets, every branch.
@Suite("Judge")
struct JudgeTests {
    private let echoCase = Case(
        id: "T.1",
        description: "echo",
        expectation: "echo",
        rule: "RFC 6455 §0: test rule.",
        steps: [],
        outcomes: [.init(.ok, [.text("hi")]), .init(.nonStrict, [])],
        close: .normal
    )

    private func upgraded(received: [ApplicationEvent], closing: Observation.Closing) -> Observation {
        let response = HandshakeResponse(
            httpVersion: "HTTP/1.1", statusCode: 101, reasonPhrase: "Switching Protocols", headers: [], body: [])
        var observation = Observation(handshake: .upgraded(response), transcript: Transcript(byteLimit: 0))
        observation.received = received
        observation.closing = closing
        return observation
    }

    private var cleanHarnessClose: Observation.Closing {
        var closing = Observation.Closing()
        closing.closedByHarness = true
        closing.closeSent = true
        closing.closeReceived = true
        closing.serverCode = .normalClosure
        return closing
    }

    @Test("The first outcome that matches what arrived gives the verdict")
    func outcomesInOrder() {
        let ok = Judge.judge(self.echoCase, self.upgraded(received: [.text("hi")], closing: self.cleanHarnessClose))
        #expect(ok.verdict == .ok)
        let nonStrict = Judge.judge(self.echoCase, self.upgraded(received: [], closing: self.cleanHarnessClose))
        #expect(nonStrict.verdict == .nonStrict)
    }

    @Test("Anything else is FAILED, with the first difference and the rule in the reason")
    func mismatchIsFailed() {
        let judgement = Judge.judge(
            self.echoCase, self.upgraded(received: [.text("ho")], closing: self.cleanHarnessClose))
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("payload differs at byte 1"))
        #expect(judgement.reason.contains("RFC 6455 §0"))
        #expect(judgement.isFailure)
    }

    @Test("A rule the server broke on the wire is FAILED even if the messages match")
    func violationIsFailed() {
        var observation = self.upgraded(received: [.text("hi")], closing: self.cleanHarnessClose)
        observation.violations = [.frameAfterClose(offset: 7)]
        let judgement = Judge.judge(self.echoCase, observation)
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("§5.5.1"))
    }

    @Test("The wrong endpoint closing is a FAILED close")
    func wrongInitiator() {
        var closing = self.cleanHarnessClose
        closing.closedByHarness = false
        let judgement = Judge.judge(self.echoCase, self.upgraded(received: [.text("hi")], closing: closing))
        #expect(judgement.closeVerdict == .failed)
        #expect(judgement.isFailure)
    }

    @Test("An incomplete closing handshake where a clean one is required is UNCLEAN")
    func unclean() {
        var closing = self.cleanHarnessClose
        closing.closeReceived = false
        closing.serverCode = nil
        let judgement = Judge.judge(self.echoCase, self.upgraded(received: [.text("hi")], closing: closing))
        #expect(judgement.closeVerdict == .unclean)
    }

    @Test("A close code outside the allowed ones is WRONG CODE; an empty close never is")
    func wrongCode() {
        var closing = self.cleanHarnessClose
        closing.serverCode = .goingAway
        #expect(
            Judge.judge(self.echoCase, self.upgraded(received: [.text("hi")], closing: closing)).closeVerdict
                == .wrongCode)
        closing.serverCode = nil
        #expect(
            Judge.judge(self.echoCase, self.upgraded(received: [.text("hi")], closing: closing)).closeVerdict == .ok)
    }

    @Test("A server that never closes TCP after the handshake is FAILED BY CLIENT")
    func serverKeepsTCPOpen() {
        var closing = self.cleanHarnessClose
        closing.droppedByHarness = true
        let relaxed = Case(
            id: "T.2", description: "", expectation: "", rule: "", steps: [], outcomes: [.init(.ok, [])],
            close: CloseExpectation(initiator: .harness, allowedCodes: [.normalClosure], requireClean: false)
        )
        #expect(Judge.judge(relaxed, self.upgraded(received: [], closing: closing)).closeVerdict == .failedByClient)
    }

    @Test("An unreachable target and a refused upgrade are FAILED with the reason")
    func noConnection() {
        let unreachable = Observation(handshake: .unreachable(reason: "refused"), transcript: Transcript(byteLimit: 0))
        #expect(Judge.judge(self.echoCase, unreachable).reason.contains("refused"))
        let rejected = Observation(
            handshake: .rejected(nil, reasons: ["status 403"]), transcript: Transcript(byteLimit: 0))
        let judgement = Judge.judge(self.echoCase, rejected)
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("status 403"))
    }
}
