import NIOCore
import NIOHTTP1
import NIOWebSocket
import WebSocketWire

/// Decides the server's opening handshake (RFC 6455 §4.2) for NIO's `HTTPServerUpgradeHandler`.
///
/// It replaces `NIOWebSocketServerUpgrader` because the faults must be able to bend each handshake rule (a wrong
/// accept value, any version, a bad key), and because after the upgrade the server reads raw bytes itself.
struct HandshakeUpgrader: HTTPServerProtocolUpgrader, Sendable {
    let configuration: ReferenceServerConfiguration
    /// The sample protocol's broadcast registry, shared by every `/ws/dashboard` connection of this server.
    let hub: DashboardHub

    var supportedProtocol: String {
        "websocket"
    }

    /// Checked in `buildUpgradeResponse` instead, so a missing header yields a precise 400 rather than no upgrade.
    var requiredUpgradeHeaders: [String] {
        []
    }

    func buildUpgradeResponse(
        channel: any Channel,
        upgradeRequest: HTTPRequestHead,
        initialResponseHeaders: HTTPHeaders
    ) -> EventLoopFuture<HTTPHeaders> {
        switch self.responseHeaders(for: upgradeRequest, initial: initialResponseHeaders) {
        case .success(let headers):
            return channel.eventLoop.makeSucceededFuture(headers)
        case .failure(let rejection):
            return channel.eventLoop.makeFailedFuture(rejection)
        }
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        context.eventLoop.makeCompletedFuture {
            let target = DashboardEndpoint(uri: upgradeRequest.uri)
            guard target.isDashboard else {
                try context.pipeline.syncOperations.addHandlers([
                    WebSocketFrameEncoder(),
                    WebSocketEchoHandler(
                        configuration: self.configuration,
                        deflate: try DeflateSession.make(
                            offers: upgradeRequest.headers["Sec-WebSocket-Extensions"],
                            configuration: self.configuration
                        )
                    ),
                ])
                return
            }
            var configuration = self.configuration
            configuration.maxMessageSize = min(configuration.maxMessageSize, configuration.dashboardMaxMessageSize)
            configuration.maxFrameSize = min(configuration.maxFrameSize, configuration.dashboardMaxMessageSize)
            let session = DashboardSession(
                queryToken: target.query["token"],
                expectedToken: configuration.dashboardToken,
                faults: configuration.faults,
                resumeFrom: target.query["resume_from"].flatMap { Int($0) }
            )
            try context.pipeline.syncOperations.addHandlers([
                WebSocketFrameEncoder(),
                DashboardHandler(session: session, hub: self.hub),
                WebSocketEchoHandler(configuration: configuration),
            ])
        }
    }

    /// The 101's headers, or why there is no 101; checks in the order of §4.2.1.
    func responseHeaders(
        for request: HTTPRequestHead,
        initial: HTTPHeaders
    ) -> Result<HTTPHeaders, HandshakeRejection> {
        let faults = self.configuration.faults
        // §4.2.1 item 1: an HTTP/1.1 or higher GET request.
        guard request.method == .GET else {
            return .failure(.badRequest("4.2.1", "the opening handshake must be a GET request"))
        }
        guard request.version.major > 1 || (request.version.major == 1 && request.version.minor >= 1) else {
            return .failure(.badRequest("4.2.1", "the opening handshake needs HTTP/1.1 or higher"))
        }
        // Item 2: a Host header field.
        guard request.headers.contains(name: "Host") else {
            return .failure(.badRequest("4.2.1", "the request has no Host header field"))
        }
        // Item 3 is what brought us here (Upgrade contains "websocket"). Item 4: Connection contains "Upgrade".
        let connection = request.headers[canonicalForm: "Connection"].map { $0.lowercased() }
        guard connection.contains("upgrade") else {
            return .failure(.badRequest("4.2.1", "the Connection header field does not contain Upgrade"))
        }
        // Item 5: Sec-WebSocket-Key is a base64-encoded 16-byte nonce.
        let keys = request.headers["Sec-WebSocket-Key"]
        let key = keys.first ?? ""
        if !faults.contains(.acceptInvalidKey) {
            guard keys.count == 1, Self.isValidKey(key) else {
                return .failure(.badRequest("4.2.1", "Sec-WebSocket-Key must be one base64-encoded 16-byte value"))
            }
        }
        // Item 6: Sec-WebSocket-Version is 13; anything else gets 426 with the version we speak (§4.4).
        let versions = request.headers["Sec-WebSocket-Version"]
        if !faults.contains(.acceptAnyVersion) {
            guard !versions.isEmpty else {
                return .failure(.badRequest("4.2.1", "the request has no Sec-WebSocket-Version header field"))
            }
            guard versions == ["13"] else {
                return .failure(.unsupportedVersion("Sec-WebSocket-Version must be 13"))
            }
        }
        if let rejection = DashboardEndpoint(uri: request.uri).rejection(faults: faults) {
            return .failure(rejection)
        }
        var headers = initial
        headers.replaceOrAdd(name: "Upgrade", value: "websocket")
        headers.replaceOrAdd(name: "Connection", value: "Upgrade")
        let accept = WebSocketAccept.value(forKey: key)
        headers.add(name: "Sec-WebSocket-Accept", value: faults.contains(.badAccept) ? Self.spoil(accept) : accept)
        // §4.2.2 item 5.4: no subprotocol; permessage-deflate only when offered (RFC 7692 §5).
        if faults.contains(.unofferedSubprotocol) {
            headers.add(name: "Sec-WebSocket-Protocol", value: "gauntlet.unoffered")
        }
        if faults.contains(.unofferedExtension) {
            headers.add(name: "Sec-WebSocket-Extensions", value: "x-gauntlet-unoffered")
        }
        // The dashboard rewrites whole messages after the echo handler has framed them, so it stays uncompressed.
        let isDashboard = DashboardEndpoint(uri: request.uri).isDashboard
        let offers = isDashboard ? [] : request.headers["Sec-WebSocket-Extensions"]
        if let (header, _) = DeflateSession.negotiate(offers: offers, configuration: self.configuration) {
            headers.add(name: "Sec-WebSocket-Extensions", value: header)
        }
        return .success(headers)
    }

    /// True for the canonical base64 spelling of 16 bytes: 22 significant characters and `==` (§4.1, §4.2.1).
    static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 24, bytes[22] == UInt8(ascii: "="), bytes[23] == UInt8(ascii: "=") else {
            return false
        }
        // The last significant character carries 2 data bits and 4 zero bits: only A, Q, g or w.
        guard "AQgw".utf8.contains(bytes[21]) else {
            return false
        }
        return bytes[..<21].allSatisfy(Self.isBase64Character)
    }

    private static func isBase64Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// A well-formed but wrong accept value: the same base64 text with its first character changed.
    private static func spoil(_ accept: String) -> String {
        guard let first = accept.first else {
            return "AAAAAAAAAAAAAAAAAAAAAAAAAAA="
        }
        return (first == "A" ? "B" : "A") + accept.dropFirst()
    }
}
