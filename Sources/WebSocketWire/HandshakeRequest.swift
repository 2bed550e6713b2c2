/// An opening-handshake request (RFC 6455 §4.1) in which every part is settable, so handshake cases can send
/// wrong methods, versions, missing or duplicated headers; `encoded()` writes exactly what is here, nothing more.
public struct HandshakeRequest: Hashable, Sendable {
    /// The request method; RFC 6455 §4.1 requires GET.
    public var method: String
    /// The request target (path and query), for example "/chat?room=1".
    public var target: String
    /// The HTTP version token of the request line; §4.1 requires at least HTTP/1.1.
    public var httpVersion: String
    /// Header fields, written in this order with duplicates kept; nothing is added behind your back.
    public var headers: [HTTPHeaderField]
    /// The `Sec-WebSocket-Key` this request carries, used to check the server's `Sec-WebSocket-Accept`.
    public var key: String?
    /// Bytes written after the blank line that ends the header block (for example frames sent too early).
    public var trailingBytes: [UInt8]

    /// Creates a request from its parts.
    public init(
        method: String = "GET",
        target: String = "/",
        httpVersion: String = "HTTP/1.1",
        headers: [HTTPHeaderField] = [],
        key: String? = nil,
        trailingBytes: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.httpVersion = httpVersion
        self.headers = headers
        self.key = key
        self.trailingBytes = trailingBytes
    }

    /// The standard client upgrade request of §4.1: Host, Upgrade, Connection, Sec-WebSocket-Key and
    /// Sec-WebSocket-Version 13, then any subprotocols, extensions and extra headers, in that order.
    public static func upgrade(
        host: String,
        target: String,
        key: String = HandshakeRequest.randomKey(),
        subprotocols: [String] = [],
        extensions: [String] = [],
        extraHeaders: [HTTPHeaderField] = []
    ) -> HandshakeRequest {
        var headers: [HTTPHeaderField] = [
            HTTPHeaderField("Host", host),
            HTTPHeaderField("Upgrade", "websocket"),
            HTTPHeaderField("Connection", "Upgrade"),
            HTTPHeaderField("Sec-WebSocket-Key", key),
            HTTPHeaderField("Sec-WebSocket-Version", "13"),
        ]
        if !subprotocols.isEmpty {
            headers.append(HTTPHeaderField("Sec-WebSocket-Protocol", subprotocols.joined(separator: ", ")))
        }
        if !extensions.isEmpty {
            headers.append(HTTPHeaderField("Sec-WebSocket-Extensions", extensions.joined(separator: ", ")))
        }
        headers.append(contentsOf: extraHeaders)
        return HandshakeRequest(target: target, headers: headers, key: key)
    }

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64 encoded (§4.1 requires a new nonce per connection).
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Self.randomKey(using: &generator)
    }

    /// A key drawn from `generator`, for reproducible runs.
    public static func randomKey(using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return WebSocketAccept.base64(bytes)
    }

    /// The subprotocols this request offers, in order (every `Sec-WebSocket-Protocol` element).
    public var offeredSubprotocols: [String] {
        self.headers.listElements("Sec-WebSocket-Protocol")
    }

    /// The extension names this request offers, without their parameters.
    public var offeredExtensionNames: [String] {
        self.headers.listElements("Sec-WebSocket-Extensions").map(Self.extensionName(of:))
    }

    /// Replaces every field named `name` (case-insensitive) by one field, or removes them when `value` is nil;
    /// a test helper for "the standard request, but with this header changed or missing".
    public mutating func setHeader(_ name: String, _ value: String?) {
        let index = self.headers.firstIndex { $0.hasName(name) }
        self.headers.removeAll { $0.hasName(name) }
        guard let value else { return }
        self.headers.insert(HTTPHeaderField(name, value), at: min(index ?? self.headers.count, self.headers.count))
    }

    /// The request as bytes: request line, header lines, blank line, then `trailingBytes`.
    public func encoded() -> [UInt8] {
        var text = "\(self.method) \(self.target) \(self.httpVersion)\r\n"
        for field in self.headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8) + self.trailingBytes
    }

    /// The extension token before any `;` parameters, trimmed ("permessage-deflate; client_max_window_bits").
    static func extensionName(of element: String) -> String {
        let name = element.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return HTTPHeaderField.trimmed(name)
    }
}
