import Testing
import WebSocketWire

@testable import GauntletCore

/// The pieces the full catalogue added to the model, without sockets: handshake requests, sync points, raw close
/// frames and generated payloads.
@Suite("Catalogue model")
struct CatalogueModelTests {
    private let target = Target(host: "127.0.0.1", port: 9001, resource: "/chat")

    private func session() -> WireSession {
        let response = HandshakeResponse(statusCode: 101, reasonPhrase: "Switching Protocols")
        let observation = Observation(handshake: .upgraded(response), transcript: Transcript(byteLimit: 0))
        return WireSession(observation: observation, maxFrameSize: 1 << 20, maxMessageSize: 1 << 20)
    }

    @Test("The standard handshake is a valid upgrade request whose key the accept check can use")
    func standardRequest() {
        let request = HandshakeSpec.standard.request(for: self.target)
        #expect(request.method == "GET" && request.target == "/chat" && request.httpVersion == "HTTP/1.1")
        #expect(request.key != nil)
        #expect(request.headers.value("Sec-WebSocket-Version") == "13")
    }

    @Test("Handshake changes apply in order: method, version, removed, duplicated and renamed fields, trailing bytes")
    func changesApply() {
        let spec = HandshakeSpec(changes: [
            .method("POST"), .httpVersion("HTTP/1.0"), .setHeader("Host", nil),
            .addHeader("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA=="), .headerNameCase(upper: true),
            .trailingBytes([0x81, 0x00]), .absoluteTarget,
        ])
        let request = spec.request(for: self.target)
        #expect(request.method == "POST" && request.httpVersion == "HTTP/1.0")
        #expect(request.headers.values("host").isEmpty)
        #expect(request.headers.values("sec-websocket-key").count == 2)
        #expect(request.key == nil, "a duplicated key leaves nothing to check the accept value against")
        #expect(request.headers.allSatisfy { $0.name == $0.name.uppercased() })
        #expect(request.target == "http://\(self.target.hostHeader)/chat")
        #expect(Array(request.encoded().suffix(2)) == [0x81, 0x00])
    }

    @Test("A sync point is recorded while the connection is open and refused once the closing handshake began")
    func syncPoints() {
        var session = self.session()
        let open = session.mark("A")
        #expect(open)
        #expect(session.observation.received == [.marker("A")])
        _ = session.startClose(code: .normalClosure, at: 0)
        let closing = session.mark("B")
        #expect(!closing)
        #expect(session.observation.received == [.marker("A")])
    }

    @Test("A raw close frame is sent exactly as given and counts as the harness closing")
    func rawClose() throws {
        var session = self.session()
        let actions = session.startClose(rawPayload: [0x03, 0xE7], at: 0)
        guard case .send(let frame) = try #require(actions.first) else {
            Issue.record("expected a send")
            return
        }
        #expect(frame.opcode == .close && frame.payload == [0x03, 0xE7] && frame.maskingKey != nil)
        #expect(session.observation.closing.closedByHarness && session.observation.closing.closeSent)
        let again = session.startClose(rawPayload: [], at: 0)
        #expect(again.isEmpty)
    }

    @Test("A payload pattern repeats its bytes to the exact length, and large messages compare by digest")
    func patternsAndDigests() {
        let pattern = PayloadPattern([1, 2, 3], count: 10)
        #expect(pattern.bytes() == [1, 2, 3, 1, 2, 3, 1, 2, 3, 1])
        #expect(PayloadPattern([7], count: 0).bytes().isEmpty)
        let small = ApplicationEvent.text([1, 2, 3])
        #expect(small.canonical == small)
        let large = [UInt8](repeating: 0x2A, count: ApplicationEvent.digestThreshold)
        guard case .digest(let digest) = ApplicationEvent.binary(large).canonical else {
            Issue.record("expected a digest")
            return
        }
        #expect(digest.count == large.count && !digest.isText && digest.sha256.count == 32)
        #expect(ApplicationEvent.text(large).canonical != ApplicationEvent.binary(large).canonical)
    }
}
