import NIOCore
import NIOHTTP1

/// Answers every request that is not upgraded, so a client sees *why* (RFC 6455 §4.2.1: "the server MUST stop
/// processing the client's handshake and return an HTTP response with an appropriate error code").
///
/// It sits behind NIO's `HTTPServerUpgradeHandler`, which hands it the request after `HandshakeUpgrader` refused
/// it (the refusal arrives first, through `errorCaught`), or a plain request that asked for no upgrade at all.
final class HandshakeRejectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var rejection: HandshakeRejection?
    private var answered = false

    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = Self.unwrapInboundIn(data), !self.answered else {
            return
        }
        self.answered = true
        let rejection =
            self.rejection
            ?? HandshakeRejection(
                status: .upgradeRequired,
                rfcSection: "4.2.1",
                detail: "this endpoint only speaks WebSocket; send an upgrade request",
                headers: ["Upgrade": "websocket", "Sec-WebSocket-Version": "13"]
            )
        self.respond(with: rejection, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let rejection = error as? HandshakeRejection {
            self.rejection = rejection
            return
        }
        // HTTP parse errors were already answered with a 400 by NIO's HTTPServerProtocolErrorHandler.
        context.close(promise: nil)
    }

    private func respond(with rejection: HandshakeRejection, context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(string: rejection.description + "\n")
        var head = HTTPResponseHead(version: .http1_1, status: rejection.status, headers: rejection.headers)
        head.headers.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: promise)
        promise.futureResult.assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
