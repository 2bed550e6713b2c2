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

    /// A session with permessage-deflate agreed, and the server-side codec that writes its compressed frames.
    private func deflateSession() throws -> (WireSession, PerMessageDeflateCodec) {
        var session = self.session()
        session.enableDeflate(try PerMessageDeflateCodec(agreement: .init(), role: .client))
        return (session, try PerMessageDeflateCodec(agreement: .init(), role: .server))
    }

    @Test("A compressed message in three frames inflates, and the context carries to the next message (RFC 7692)")
    func compressedMessagesInflate() throws {
        var (session, server) = try self.deflateSession()
        let text = Array(String(repeating: "permessage-deflate ", count: 20).utf8)
        for _ in 0..<2 {
            let frames = PerMessageDeflateCodec.frames(
                opcode: .text, compressedPayload: try server.compress(text), fragmentSize: 4, role: .server)
            _ = session.receive(FrameEncoder.encode(frames), at: 0)
        }
        #expect(session.observation.received == [.text(text), .text(text)])
        #expect(session.observation.violations.isEmpty)
    }

    @Test("RSV1 on a continuation frame fails the connection, citing RFC 7692 §6.1")
    func rsv1OnContinuationFails() throws {
        var (session, server) = try self.deflateSession()
        let compressed = try server.compress(Array("hello hello hello".utf8))
        let first = Frame(fin: false, rsv1: true, opcode: .text, payload: Array(compressed.prefix(3)))
        let second = Frame(fin: true, rsv1: true, opcode: .continuation, payload: Array(compressed.dropFirst(3)))
        _ = session.receive(FrameEncoder.encode([first, second]), at: 0)
        #expect(session.observation.received.isEmpty)
        #expect(session.observation.violations.first?.rfcSection.contains("7692") == true)
    }
}
