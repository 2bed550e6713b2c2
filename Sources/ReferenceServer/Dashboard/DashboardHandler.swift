import MessageSchema
import NIOCore
import NIOWebSocket

/// Puts the agent-dashboard protocol on top of the echo handler's RFC 6455 work: it sits between
/// `WebSocketEchoHandler` and the frame encoder and turns each would-be echo (a whole, valid message) into the
/// protocol's replies, so framing, UTF-8, size limits (1009) and closing stay in one place.
final class DashboardHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var session: DashboardSession
    private let hub: DashboardHub
    private var memberID: Int?
    private var context: ChannelHandlerContext?
    private var closed = false

    init(session: DashboardSession, hub: DashboardHub) {
        self.session = session
        self.hub = hub
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let id = self.hub.join { bytes in
            loop.execute { bound.value.deliver(bytes) }
        }
        self.memberID = id
        let hub = self.hub
        context.channel.closeFuture.whenComplete { _ in hub.leave(id) }
        // After the 101 has gone out (the upgrader installs us once the response is written).
        loop.assumeIsolated().execute {
            self.perform(self.session.opened())
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = Self.unwrapOutboundIn(data)
        switch frame.opcode {
        case .text:
            promise?.succeed(())
            self.perform(self.session.receive(Array(frame.unmaskedData.readableBytesView)))
        case .binary:
            promise?.succeed(())
            self.perform(self.session.receive([]))
        default:
            context.write(data, promise: promise)
        }
    }

    private func perform(_ outputs: [DashboardSession.Output]) {
        // Topics first: once the ack is out the client may act on it, and broadcasts must already see the change.
        if let id = self.memberID {
            self.hub.update(id, topics: self.session.topics)
        }
        for output in outputs {
            switch output {
            case .reply(let message):
                self.deliver(JSONWriter.bytes(from: message))
            case .publish(let topics, let message):
                self.hub.publish(message, topics: topics)
            case .replay(let after, let topics):
                for bytes in self.hub.replay(after: after, topics: topics) {
                    self.deliver(bytes)
                }
            case .close:
                self.close()
            }
        }
    }

    /// Writes one text frame to this client (from its own event loop).
    fileprivate func deliver(_ bytes: [UInt8]) {
        guard let context = self.context, !self.closed else { return }
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        context.writeAndFlush(
            Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }

    /// `.errorClosesConnection`: a close frame with 1011, then TCP.
    private func close() {
        guard let context = self.context, !self.closed else { return }
        self.closed = true
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.writeInteger(UInt16(1011))
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
        context.writeAndFlush(Self.wrapOutboundOut(frame)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
