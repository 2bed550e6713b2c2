import WebSocketWire

/// Section H, the opening handshake (RFC 6455 §4), which Autobahn never tests: requests a server must refuse,
/// variations it must accept, and what it may answer (accept value, subprotocol, extensions).
enum HandshakeCases {
    static let requestRule =
        "RFC 6455 §4.2.1: a server that receives a handshake that is not a valid upgrade "
        + "(HTTP/1.1 GET, Host, Upgrade: websocket, Connection: Upgrade, one base64 16-byte Sec-WebSocket-Key, "
        + "Sec-WebSocket-Version: 13) must not upgrade and answers with an HTTP error such as 400."
    static let versionRule =
        "RFC 6455 §4.2.2 and §4.4: a server that does not speak the requested version "
        + "answers with an error such as 426 and a Sec-WebSocket-Version header naming 13."
    static let acceptRule =
        "RFC 6455 §4.2.1–4.2.2: a valid upgrade request gets 101 with the right "
        + "Sec-WebSocket-Accept; header names and the Upgrade/Connection tokens are case-insensitive and "
        + "Connection is a list."
    static let negotiationRule =
        "RFC 6455 §4.2.2 and §4.1: the server selects at most one offered subprotocol "
        + "and only offered extensions (§9.1); the client fails the connection otherwise."

    static var all: [Case] {
        self.refusals + self.acceptances
    }

    private static var refusals: [Case] {
        let badRequest = 400...499
        return [
            self.refuse(
                "H.1", "Send the upgrade request without Sec-WebSocket-Key.", [.setHeader("Sec-WebSocket-Key", nil)]),
            self.refuse(
                "H.2", "Send the upgrade request with Sec-WebSocket-Key twice.",
                [.addHeader("Sec-WebSocket-Key", HandshakeRequest.randomKey())]
            ),
            self.refuse(
                "H.3", "Send a Sec-WebSocket-Key that decodes to 15 bytes, not 16.",
                [.setHeader("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")]
            ),
            self.refuse(
                "H.4", "Send a Sec-WebSocket-Key that is not base64.",
                [.setHeader("Sec-WebSocket-Key", "not a base64 nonce!!!!!!")]
            ),
            self.refuse(
                "H.5", "Send Sec-WebSocket-Version: 12.", [.setHeader("Sec-WebSocket-Version", "12")],
                preferred: 426, header: HTTPHeaderField("Sec-WebSocket-Version", "13"), rule: self.versionRule
            ),
            self.refuse(
                "H.6", "Send Sec-WebSocket-Version: 14, a version that does not exist yet.",
                [.setHeader("Sec-WebSocket-Version", "14")],
                preferred: 426, header: HTTPHeaderField("Sec-WebSocket-Version", "13"), rule: self.versionRule
            ),
            self.refuse(
                "H.7", "Send the upgrade request without Sec-WebSocket-Version.",
                [.setHeader("Sec-WebSocket-Version", nil)]),
            self.refuse("H.8", "Send the upgrade request with the POST method.", [.method("POST")]),
            self.refuse("H.9", "Send the upgrade request with the HEAD method.", [.method("HEAD")]),
            self.refuse(
                "H.10", "Send the upgrade request as HTTP/1.0.", [.httpVersion("HTTP/1.0")],
                statuses: 400...505, closeIsOK: true
            ),
            self.refuse("H.11", "Send the upgrade request without an Upgrade header.", [.setHeader("Upgrade", nil)]),
            self.refuse(
                "H.12", "Send the upgrade request without a Connection header.", [.setHeader("Connection", nil)]),
            self.refuse("H.13", "Send Upgrade: h2c instead of websocket.", [.setHeader("Upgrade", "h2c")]),
            self.refuse("H.14", "Send the upgrade request without a Host header.", [.setHeader("Host", nil)]),
            Case(
                id: "H.15",
                description:
                    "Send an upgrade request whose header block is 1 MiB, padded with 256 extra fields of 4 KiB.",
                expectation: "The server refuses (e.g. 431 or 400) or closes; upgrading is NON-STRICT.",
                rule: "RFC 9110 §15.5 and RFC 6455 §10.4: a server bounds what it buffers and may refuse an "
                    + "oversized request header block.",
                steps: [],
                outcomes: [.init(.ok, [])],
                close: .normal,
                handshake: HandshakeSpec(
                    changes: (1...256).map { .addHeader("X-Padding-\($0)", String(repeating: "p", count: 4096)) },
                    expectation: .refuse(statuses: badRequest, closeIsOK: true, upgradeVerdict: .nonStrict)
                )
            ),
        ]
    }

    private static func refuse(
        _ id: CaseID,
        _ description: String,
        _ changes: [HandshakeSpec.Change],
        statuses: ClosedRange<Int> = 400...499,
        preferred: Int? = nil,
        header: HTTPHeaderField? = nil,
        closeIsOK: Bool = false,
        rule: String = HandshakeCases.requestRule
    ) -> Case {
        Case(
            id: id,
            description: description,
            expectation: "The server does not upgrade; it answers "
                + (preferred.map { "\($0)" } ?? "\(statuses.lowerBound)-\(statuses.upperBound)")
                + (header.map { " with \($0.name): \($0.value)" } ?? "")
                + (closeIsOK ? ", or closes the connection." : "."),
            rule: rule,
            steps: [],
            outcomes: [.init(.ok, [])],
            close: .normal,
            handshake: HandshakeSpec(
                changes: changes,
                expectation: .refuse(
                    statuses: statuses, preferred: preferred, requiredHeader: header, closeIsOK: closeIsOK)
            )
        )
    }

    private static var acceptances: [Case] {
        let hello = Array("Hello, handshake!".utf8)
        return [
            self.accept(
                "H.16", "Send a plain upgrade request and check the 101 answer and its Sec-WebSocket-Accept.", []),
            self.accept(
                "H.17", "Send Connection: keep-alive, Upgrade.", [.setHeader("Connection", "keep-alive, Upgrade")]),
            self.accept("H.18", "Send every header name in lower case.", [.headerNameCase(upper: false)]),
            self.accept(
                "H.19", "Send every header name in upper case and the tokens as WebSocket and UPGRADE.",
                [.setHeader("Upgrade", "WebSocket"), .setHeader("Connection", "UPGRADE"), .headerNameCase(upper: true)]
            ),
            self.accept("H.20", "Send a request target with a query string.", [.target("/?gauntlet=1&x=%20y")]),
            self.accept("H.21", "Send the request target in absolute form.", [.absoluteTarget]),
            self.accept(
                "H.22", "Offer two subprotocols the server may not know.",
                [.setHeader("Sec-WebSocket-Protocol", "gauntlet.one, gauntlet.two")], rule: self.negotiationRule
            ),
            self.accept(
                "H.23", "Offer an extension no server implements.",
                [.setHeader("Sec-WebSocket-Extensions", "x-gauntlet-unknown; level=1")], rule: self.negotiationRule
            ),
            Case(
                id: "H.24",
                description: "Send a text frame in the same write as the upgrade request, before any answer.",
                expectation: "The server upgrades and echoes the early message (OK); refusing, closing without an "
                    + "answer, or upgrading and dropping the early frame is NON-STRICT; then a clean close with 1000.",
                rule: "RFC 6455 §4.1: the client MUST wait for the server's answer before sending further data, so "
                    + "this client breaks a MUST; a robust server still treats the bytes after the request as the "
                    + "WebSocket stream, and must never desynchronise on them.",
                steps: [.closeAfter(Waits.echo)],
                outcomes: [.init(.ok, [.text(hello)]), .init(.nonStrict, [])],
                close: .normal,
                handshake: HandshakeSpec(
                    changes: [.trailingBytes(FrameEncoder.encode(.raw(.text, hello)))], refusalVerdict: .nonStrict)
            ),
        ]
    }

    private static func accept(
        _ id: CaseID,
        _ description: String,
        _ changes: [HandshakeSpec.Change],
        rule: String = HandshakeCases.acceptRule
    ) -> Case {
        let hello = Array("Hello, handshake!".utf8)
        return Case(
            id: id,
            description: description,
            expectation: "The server upgrades with a valid 101 and echoes a message; then a clean close with 1000.",
            rule: rule,
            steps: [.send(.raw(.text, hello)), .closeAfter(Waits.echo)],
            outcomes: [.init(.ok, [.text(hello)])],
            close: .normal,
            handshake: HandshakeSpec(changes: changes)
        )
    }
}
