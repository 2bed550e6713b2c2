import Testing
import WebSocketWire

@testable import GauntletCore

/// The client state machine, fed bytes by hand.
@Suite("Wire session")
struct WireSessionTests {
    private func session() -> WireSession {
        let response = HandshakeResponse(
            httpVersion: "HTTP/1.1", statusCode: 101, reasonPhrase: "", headers: [], body: [])
        let observation = Observation(handshake: .upgraded(response), transcript: Transcript(byteLimit: 0))
        return WireSession(observation: observation, maxFrameSize: 1 << 20, maxMessageSize: 1 << 20)
    }

    private func serverFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        FrameEncoder.encode(Frame(fin: fin, opcode: opcode, payload: payload))
    }

    @Test("A server ping is recorded and answered with a pong carrying its payload")
    func pingGetsPong() throws {
        var session = self.session()
        let actions = session.receive(self.serverFrame(.ping, [1, 2, 3]), at: 0)
        #expect(session.observation.received == [.ping([1, 2, 3])])
        guard case .send(let frame) = try #require(actions.first) else { Issue.record("expected a send"); return }
        #expect(frame.opcode == .pong)
        #expect(frame.payload == [1, 2, 3])
        #expect(frame.maskingKey != nil)
    }

    @Test("Fragments split at every byte still make one message")
    func fragmentsReassemble() {
        var session = self.session()
        let bytes =
            self.serverFrame(.text, Array("Hel".utf8), fin: false) + self.serverFrame(.continuation, Array("lo".utf8))
        for byte in bytes { _ = session.receive([byte], at: 0) }
        #expect(session.observation.received == [.text("Hello")])
    }

    @Test("A server close is answered by echoing its code")
    func closeIsEchoed() throws {
        var session = self.session()
        let actions = session.receive(self.serverFrame(.close, [0x03, 0xEA]), at: 0)
        #expect(session.observation.closing.serverCode == .protocolError)
        #expect(!session.observation.closing.closedByHarness)
        guard case .send(let frame) = try #require(actions.first) else { Issue.record("expected a send"); return }
        #expect(frame.opcode == .close)
        #expect(frame.payload == [0x03, 0xEA])
    }

    @Test("A masked server frame fails the connection with 1002 and drops TCP")
    func maskedServerFrameFails() {
        var session = self.session()
        let masked = FrameEncoder.encode(
            Frame(opcode: .text, maskingKey: MaskingKey.random(), payload: Array("x".utf8)))
        let actions = session.receive(masked, at: 0)
        #expect(session.observation.violations.first?.kind == .maskedServerFrame)
        #expect(session.observation.closing.failedByHarness)
        #expect(actions.count == 2)
        #expect(session.isFinished)
    }

    @Test("A frame after the server's close frame is a violation")
    func frameAfterClose() {
        var session = self.session()
        _ = session.receive(
            self.serverFrame(.close, [0x03, 0xE8]) + self.serverFrame(.text, Array("late".utf8)), at: 0)
        #expect(session.observation.violations.first?.kind == .frameAfterClose)
    }

    @Test("Closing twice sends one close frame")
    func closeOnce() {
        var session = self.session()
        #expect(session.startClose(code: .normalClosure, at: 0).count == 1)
        #expect(session.startClose(code: .normalClosure, at: 0).isEmpty)
        #expect(session.observation.closing.closedByHarness)
    }
}
