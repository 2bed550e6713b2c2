/// RFC 6455 §4.1 client-side checks of a handshake response ("the client MUST Fail the WebSocket Connection"
/// unless all hold); empty when it is a valid upgrade. Each string names the rule and what the server sent.
/// A status other than 101 is reported alone, since the remaining checks only apply to an upgrade.
public func upgradeViolations(of response: HandshakeResponse, for request: HandshakeRequest) -> [String] {
    UpgradeChecker(response: response, request: request).violations()
}

/// The individual checks behind `upgradeViolations(of:for:)`, one method per numbered rule of §4.1.
struct UpgradeChecker {
    let response: HandshakeResponse
    let request: HandshakeRequest

    func violations() -> [String] {
        guard self.response.statusCode == 101 else {
            return [
                "RFC 6455 §4.1 (1): expected status 101 Switching Protocols, got \(self.response.statusCode)"
                    + (self.response.reasonPhrase.isEmpty ? "." : " \(self.response.reasonPhrase).")
            ]
        }
        var violations: [String] = []
        violations.append(contentsOf: self.checkUpgrade())
        violations.append(contentsOf: self.checkConnection())
        violations.append(contentsOf: self.checkAccept())
        violations.append(contentsOf: self.checkExtensions())
        violations.append(contentsOf: self.checkSubprotocol())
        return violations
    }

    /// (2) An `Upgrade` header whose value is "websocket", ASCII case-insensitive.
    private func checkUpgrade() -> [String] {
        let values = self.response.values("Upgrade")
        guard !values.isEmpty else {
            return ["RFC 6455 §4.1 (2): the response has no Upgrade header."]
        }
        let ok = values.count == 1 && HTTPHeaderField.asciiLowercased(values[0]) == "websocket"
        return ok ? [] : ["RFC 6455 §4.1 (2): Upgrade must be \"websocket\", got \(Self.list(values))."]
    }

    /// (3) A `Connection` header containing the token "Upgrade", ASCII case-insensitive.
    private func checkConnection() -> [String] {
        let values = self.response.values("Connection")
        guard !values.isEmpty else {
            return ["RFC 6455 §4.1 (3): the response has no Connection header."]
        }
        let ok = self.response.headers.containsToken("upgrade", in: "Connection")
        return ok ? [] : ["RFC 6455 §4.1 (3): Connection must contain the token \"Upgrade\", got \(Self.list(values))."]
    }

    /// (4) `Sec-WebSocket-Accept` equal to base64(SHA-1(key + GUID)) for the key the request sent.
    private func checkAccept() -> [String] {
        let values = self.response.values("Sec-WebSocket-Accept")
        guard !values.isEmpty else {
            return ["RFC 6455 §4.1 (4): the response has no Sec-WebSocket-Accept header."]
        }
        guard values.count == 1 else {
            return ["RFC 6455 §4.1 (4): Sec-WebSocket-Accept appears \(values.count) times: \(Self.list(values))."]
        }
        guard let key = self.request.key ?? self.request.headers.value("Sec-WebSocket-Key") else {
            return ["RFC 6455 §4.1 (4): the request sent no Sec-WebSocket-Key, so the server could not answer it."]
        }
        let expected = WebSocketAccept.value(forKey: key)
        guard values[0] == expected else {
            return ["RFC 6455 §4.1 (4): Sec-WebSocket-Accept is \"\(values[0])\", expected \"\(expected)\"."]
        }
        return []
    }

    /// (5) Every extension in `Sec-WebSocket-Extensions` was offered by the request.
    private func checkExtensions() -> [String] {
        let offered = Set(self.request.offeredExtensionNames.map(HTTPHeaderField.asciiLowercased))
        return self.response.headers.listElements("Sec-WebSocket-Extensions").compactMap { element in
            let name = HandshakeRequest.extensionName(of: element)
            guard !offered.contains(HTTPHeaderField.asciiLowercased(name)) else {
                return nil
            }
            return "RFC 6455 §4.1 (5): the server accepted extension \"\(name)\", which the client did not offer."
        }
    }

    /// (6) At most one `Sec-WebSocket-Protocol` value, and only one the request offered.
    private func checkSubprotocol() -> [String] {
        let chosen = self.response.headers.listElements("Sec-WebSocket-Protocol")
        guard !chosen.isEmpty else {
            return []
        }
        guard chosen.count == 1 else {
            return ["RFC 6455 §4.1 (6): the server chose several subprotocols: \(Self.list(chosen))."]
        }
        guard self.request.offeredSubprotocols.contains(chosen[0]) else {
            let offered = self.request.offeredSubprotocols
            let what = offered.isEmpty ? "none were offered" : "offered \(Self.list(offered))"
            return ["RFC 6455 §4.1 (6): the server chose subprotocol \"\(chosen[0])\", but \(what)."]
        }
        return []
    }

    private static func list(_ values: [String]) -> String {
        values.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
