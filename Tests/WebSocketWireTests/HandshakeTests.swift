import Testing

@testable import WebSocketWire

@Suite("Handshake request and Sec-WebSocket-Accept")
struct HandshakeRequestTests {
    static let acceptSamples: [(String, String)] = [
        ("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),  // RFC 6455 §1.3 and §4.2.2
        ("x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk="),  // RFC 6455 §1.2
    ]

    @Test("The accept value for the RFC 6455 sample keys matches the RFC", arguments: Self.acceptSamples)
    func acceptForSampleKey(_ key: String, _ accept: String) {
        #expect(WebSocketAccept.value(forKey: key) == accept)
    }

    @Test("The standard upgrade request is encoded byte for byte")
    func encodesStandardUpgrade() {
        let request = HandshakeRequest.upgrade(
            host: "server.example.com",
            target: "/chat",
            key: "dGhlIHNhbXBsZSBub25jZQ==",
            subprotocols: ["chat", "superchat"],
            extensions: ["permessage-deflate; client_max_window_bits"],
            extraHeaders: [HTTPHeaderField("Origin", "http://example.com")]
        )
        let expected =
            "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "Origin: http://example.com\r\n"
            + "\r\n"
        #expect(request.encoded() == Array(expected.utf8))
        #expect(request.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(request.offeredSubprotocols == ["chat", "superchat"])
        #expect(request.offeredExtensionNames == ["permessage-deflate"])
    }

    @Test("Every part of a request can be set, including wrong ones")
    func everyPartIsSettable() {
        var request = HandshakeRequest(
            method: "POST",
            target: "*",
            httpVersion: "HTTP/1.0",
            headers: [HTTPHeaderField("Upgrade", "websocket"), HTTPHeaderField("upgrade", "websocket")],
            trailingBytes: [0x81, 0x00]
        )
        let expected = "POST * HTTP/1.0\r\nUpgrade: websocket\r\nupgrade: websocket\r\n\r\n"
        #expect(request.encoded() == Array(expected.utf8) + [0x81, 0x00])
        request.setHeader("UPGRADE", "h2c")
        #expect(request.headers == [HTTPHeaderField("UPGRADE", "h2c")])
        request.setHeader("Upgrade", nil)
        #expect(request.headers.isEmpty)
    }

    @Test("Random keys are base64 of 16 bytes and differ")
    func randomKeys() {
        let first = HandshakeRequest.randomKey()
        let second = HandshakeRequest.randomKey()
        #expect(WebSocketAccept.isValidKey(first))
        #expect(first != second)
    }
}

@Suite("Upgrade response checks")
struct UpgradeViolationsTests {
    static let request = HandshakeRequest.upgrade(
        host: "localhost",
        target: "/",
        key: "dGhlIHNhbXBsZSBub25jZQ==",
        subprotocols: ["chat"],
        extensions: ["permessage-deflate"]
    )

    @Test("A correct 101 response has no violations")
    func validUpgrade() {
        let response = HandshakeResponse.switchingProtocols(for: Self.request, subprotocol: "chat")
        #expect(upgradeViolations(of: response, for: Self.request) == [])
    }

    static let broken: [(String, @Sendable (inout HandshakeResponse) -> Void, String)] = [
        ("status 200", { $0.statusCode = 200 }, "§4.1 (1)"),
        ("missing Upgrade", { $0.headers.removeAll { $0.hasName("Upgrade") } }, "§4.1 (2)"),
        ("Upgrade: h2c", { $0.headers[0].value = "h2c" }, "§4.1 (2)"),
        ("Connection: keep-alive", { $0.headers[1].value = "keep-alive" }, "§4.1 (3)"),
        ("wrong accept", { $0.headers[2].value = "AAAA" }, "§4.1 (4)"),
        ("duplicate accept", { $0.headers.append($0.headers[2]) }, "§4.1 (4)"),
        ("unoffered extension", { $0.headers.append(HTTPHeaderField("Sec-WebSocket-Extensions", "x-foo")) }, "(5)"),
        ("unoffered subprotocol", { $0.headers.append(HTTPHeaderField("Sec-WebSocket-Protocol", "mqtt")) }, "(6)"),
    ]

    @Test("Each broken response names the rule of §4.1 it breaks", arguments: Self.broken)
    func brokenResponseIsReported(
        _ name: String,
        _ breakIt: @Sendable (inout HandshakeResponse) -> Void,
        _ rule: String
    ) {
        var response = HandshakeResponse.switchingProtocols(for: Self.request)
        breakIt(&response)
        let violations = upgradeViolations(of: response, for: Self.request)
        #expect(violations.count == 1, "\(name): \(violations)")
        #expect(violations.first?.contains(rule) == true, "\(name): \(violations)")
    }

    @Test("Connection may list the upgrade token among others, in any case")
    func connectionTokenList() {
        var response = HandshakeResponse.switchingProtocols(for: Self.request)
        response.headers[1].value = "keep-alive, UPGRADE"
        response.headers[0].value = "WebSocket"
        #expect(upgradeViolations(of: response, for: Self.request) == [])
    }
}
