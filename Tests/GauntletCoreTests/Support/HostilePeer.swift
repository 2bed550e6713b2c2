import Foundation
import NIOCore
import NIOPosix
import WebSocketWire

/// A TCP server that answers the opening handshake with whatever bytes a test scripts, to prove the harness
/// survives peers that no library would ever be.
final class HostilePeer: Sendable {
    /// What to send once the client's request has fully arrived.
    enum Script: Sendable {
        /// Raw bytes instead of an HTTP response.
        case reply([UInt8])
        /// A correct 101, then these bytes as if they were frames.
        case upgradeThen([UInt8])
        /// Accept TCP and never answer.
        case silence
    }

    private let channel: any Channel

    var port: Int { self.channel.localAddress?.port ?? 0 }

    init(_ script: Script) async throws {
        self.channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ScriptedResponder(script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    func stop() async {
        try? await self.channel.close()
    }
}

private final class ScriptedResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: HostilePeer.Script
    private var request: [UInt8] = []
    private var answered = false

    init(script: HostilePeer.Script) {
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.answered else { return }
        self.request += Array(self.unwrapInboundIn(data).readableBytesView)
        let text = String(decoding: self.request, as: UTF8.self)
        guard text.contains("\r\n\r\n") else { return }
        self.answered = true
        let bytes: [UInt8]
        switch self.script {
        case .silence:
            return
        case .reply(let reply):
            bytes = reply
        case .upgradeThen(let frames):
            let key =
                text.split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("sec-websocket-key:") }
                .map { $0.dropFirst("sec-websocket-key:".count).trimmingCharacters(in: .whitespaces) } ?? ""
            let response =
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: \(WebSocketAccept.value(forKey: key))\r\n\r\n"
            bytes = Array(response.utf8) + frames
        }
        context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }
}
