/// A server's answer to the opening handshake, kept exactly as received (header order, duplicates, name case),
/// so the judge can check RFC 6455 §4.1's rules and the report can show the server's own words.
public struct HandshakeResponse: Hashable, Sendable {
    /// The version token of the status line, for example "HTTP/1.1".
    public var httpVersion: String
    /// The three-digit status code; 101 for a successful upgrade (§4.1).
    public var statusCode: Int
    /// The reason phrase, possibly empty.
    public var reasonPhrase: String
    /// Header fields in the order received, duplicates kept.
    public var headers: [HTTPHeaderField]
    /// Bytes received after the header block: frames for a 101, an error body otherwise.
    public var body: [UInt8]

    /// Creates a response from its parts.
    public init(
        httpVersion: String = "HTTP/1.1",
        statusCode: Int,
        reasonPhrase: String = "",
        headers: [HTTPHeaderField] = [],
        body: [UInt8] = []
    ) {
        self.httpVersion = httpVersion
        self.statusCode = statusCode
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// Values of every header named `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        self.headers.values(name)
    }

    /// The first value of the header named `name` (case-insensitive).
    public func value(_ name: String) -> String? {
        self.headers.value(name)
    }

    /// The status line as received, without CRLF.
    public var statusLine: String {
        self.reasonPhrase.isEmpty
            ? "\(self.httpVersion) \(self.statusCode)"
            : "\(self.httpVersion) \(self.statusCode) \(self.reasonPhrase)"
    }

    /// The response as bytes (status line, headers, blank line, body); used by tests and fake servers.
    public func encoded() -> [UInt8] {
        var text = "\(self.httpVersion) \(self.statusCode) \(self.reasonPhrase)\r\n"
        for field in self.headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8) + self.body
    }

    /// A correct 101 answer to `request` (§4.2.2): Upgrade, Connection and the matching Sec-WebSocket-Accept.
    public static func switchingProtocols(for request: HandshakeRequest, subprotocol: String? = nil) -> Self {
        var headers = [
            HTTPHeaderField("Upgrade", "websocket"),
            HTTPHeaderField("Connection", "Upgrade"),
        ]
        if let key = request.key ?? request.headers.value("Sec-WebSocket-Key") {
            headers.append(HTTPHeaderField("Sec-WebSocket-Accept", WebSocketAccept.value(forKey: key)))
        }
        if let subprotocol {
            headers.append(HTTPHeaderField("Sec-WebSocket-Protocol", subprotocol))
        }
        return HandshakeResponse(statusCode: 101, reasonPhrase: "Switching Protocols", headers: headers)
    }
}
