import Testing
import WebSocketWire

@testable import GauntletCore

/// The judge rules the full catalogue added, from hand-made observations: keep-alive pings, 6.4.x sync points,
/// digests of large messages, INFORMATIONAL cases and refused handshakes.
@Suite("Judge rules for the full catalogue")
struct CatalogueJudgeTests {
    private func upgraded(_ received: [ApplicationEvent], closedByHarness: Bool) -> Observation {
        let response = HandshakeResponse(statusCode: 101, reasonPhrase: "Switching Protocols")
        var observation = Observation(handshake: .upgraded(response), transcript: Transcript(byteLimit: 0))
        observation.received = received.map(\.canonical)
        observation.closing.closedByHarness = closedByHarness
        observation.closing.closeSent = true
        observation.closing.closeReceived = true
        observation.closing.serverCode = closedByHarness ? .normalClosure : .invalidPayloadData
        return observation
    }

    private func refused(_ status: Int, _ headers: [HTTPHeaderField] = []) -> Observation {
        let response = HandshakeResponse(statusCode: status, headers: headers)
        return Observation(
            handshake: .rejected(response, reasons: ["status \(status)"]), transcript: .init(byteLimit: 0))
    }

    private func testCase(_ id: CaseID) throws -> Case {
        try #require(Catalogue.all.first { $0.id == id })
    }

    @Test("A keep-alive ping from the server does not change the verdict of a case that expects no ping")
    func keepAlivePingsAreIgnored() throws {
        let echo = try self.testCase("1.1.2")
        let payload = [UInt8](repeating: UInt8(ascii: "*"), count: 125)
        let judgement = Judge.judge(echo, self.upgraded([.ping([1]), .text(payload)], closedByHarness: true))
        #expect(judgement.verdict == .ok)
        let strayPong = Judge.judge(echo, self.upgraded([.pong([1]), .text(payload)], closedByHarness: true))
        #expect(strayPong.verdict == .failed)
    }

    @Test("6.4.x: failing before the second sync point is OK, after it NON-STRICT, never failing is FAILED")
    func failFastSyncPoints() throws {
        let failFast = try self.testCase("6.4.1")
        #expect(Judge.judge(failFast, self.upgraded([.marker("A")], closedByHarness: false)).verdict == .ok)
        #expect(
            Judge.judge(failFast, self.upgraded([.marker("A"), .marker("B")], closedByHarness: false)).verdict
                == .nonStrict)
        let echoed = self.upgraded([.marker("A"), .marker("B"), .text([0x65])], closedByHarness: false)
        #expect(Judge.judge(failFast, echoed).verdict == .failed)
    }

    @Test(
        "H.24: echoing the early frame is OK, turning it down or dropping it NON-STRICT, a bad 101 or a wrong echo FAILED"
    )
    func earlyDataAfterTheRequest() throws {
        let early = try self.testCase("H.24")
        let hello = Array("Hello, handshake!".utf8)
        #expect(Judge.judge(early, self.upgraded([.text(hello)], closedByHarness: true)).verdict == .ok)
        #expect(Judge.judge(early, self.upgraded([], closedByHarness: true)).verdict == .nonStrict)
        #expect(Judge.judge(early, self.upgraded([.text([0x21])], closedByHarness: true)).verdict == .failed)
        let silent = Observation(
            handshake: .rejected(nil, reasons: ["the server closed without answering"]), transcript: .init(byteLimit: 0)
        )
        #expect(Judge.judge(early, silent).verdict == .nonStrict)
        #expect(Judge.judge(early, self.refused(400)).verdict == .nonStrict)
        let badAccept = HandshakeResponse(statusCode: 101, reasonPhrase: "Switching Protocols")
        let invalid = Observation(
            handshake: .rejected(badAccept, reasons: ["wrong Sec-WebSocket-Accept"]), transcript: .init(byteLimit: 0))
        #expect(Judge.judge(early, invalid).verdict == .failed)
    }

    @Test("A large echo is compared by digest, and one changed byte fails it")
    func largeMessagesCompareByDigest() throws {
        let large = try self.testCase("9.1.3")
        let payload = PayloadPattern(LargeMessageCases.textPattern, count: 1 << 20).bytes()
        #expect(Judge.judge(large, self.upgraded([.text(payload)], closedByHarness: true)).verdict == .ok)
        var corrupted = payload
        corrupted[4096] ^= 0x01
        #expect(Judge.judge(large, self.upgraded([.text(corrupted)], closedByHarness: true)).verdict == .failed)
    }

    @Test("7.1.6 and 7.13.x are INFORMATIONAL whatever arrives, unless the server broke a wire rule")
    func informationalCases() throws {
        let open = try self.testCase("7.13.1")
        let judgement = Judge.judge(open, self.upgraded([], closedByHarness: true))
        #expect(judgement.verdict == .informational && judgement.closeVerdict == .informational)
    }

    @Test("A refused handshake is OK with the right status and header, NON-STRICT or FAILED otherwise")
    func refusedHandshakes() throws {
        let version = try self.testCase("H.5")
        let header = HTTPHeaderField("Sec-WebSocket-Version", "13")
        #expect(Judge.judge(version, self.refused(426, [header])).verdict == .ok)
        #expect(Judge.judge(version, self.refused(400, [header])).verdict == .nonStrict)
        let missing = Judge.judge(version, self.refused(426))
        #expect(missing.verdict == .failed && missing.reason.contains("RFC 6455 §4.2.2"))
        #expect(Judge.judge(version, self.refused(500, [header])).verdict == .failed)
        let upgraded = Judge.judge(version, self.upgraded([], closedByHarness: true))
        #expect(upgraded.verdict == .failed && upgraded.reason.contains("should refuse"))
    }
}
