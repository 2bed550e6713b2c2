import NIOCore
import NIOWebSocket

/// Carries out `EchoStateMachine`'s actions on a channel after the upgrade: it reads raw bytes (not NIO's decoded
/// frames, which hide the errors we must answer), writes `WebSocketFrame`s through NIO's `WebSocketFrameEncoder`,
/// and owns the TCP side of closing (§7.1.1) with a bounded wait.
final class WebSocketEchoHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var machine: EchoStateMachine?
    private let configuration: ReferenceServerConfiguration
    private let deflate: DeflateSession?
    private var needsFlush = false
    private var outputClosed = false
    /// A `read()` held back while the channel is not writable, so a client that floods us without reading
    /// the echoes is slowed down instead of growing our outbound buffer.
    private var pendingRead = false
    private var closeTimer: Scheduled<Void>?

    init(configuration: ReferenceServerConfiguration, deflate: DeflateSession? = nil) {
        self.configuration = configuration
        self.deflate = deflate
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.machine = EchoStateMachine(
            configuration: self.configuration,
            allocator: context.channel.allocator,
            deflate: self.deflate
        )
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.closeTimer?.cancel()
        self.closeTimer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        guard var machine = self.machine else {
            return
        }
        self.machine = nil
        let actions = machine.receive(&buffer)
        self.machine = machine
        for action in actions {
            self.perform(action, context: context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.closeTimer?.cancel()
        self.closeTimer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A socket error (e.g. a reset) ends the connection; there is nobody left to send a close frame to.
        context.close(promise: nil)
    }

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable || self.outputClosed {
            context.read()
        } else {
            self.pendingRead = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && self.pendingRead {
            self.pendingRead = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    private func perform(_ action: EchoStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let frame):
            guard !self.outputClosed else {
                return
            }
            context.write(Self.wrapOutboundOut(frame), promise: nil)
            self.needsFlush = true
        case .shutdownOutput:
            self.shutdownOutput(context: context)
        case .drop:
            self.outputClosed = true
            context.close(promise: nil)
        }
    }

    /// Flushes the close frame, sends FIN, then waits up to `closeTimeout` for the client's FIN: closing at once
    /// while its bytes are unread would make the kernel send a reset, which can destroy our close frame in transit.
    private func shutdownOutput(context: ChannelHandlerContext) {
        guard !self.outputClosed else {
            return
        }
        self.outputClosed = true
        self.flushIfNeeded(context: context)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: promise)
        promise.futureResult.assumeIsolated().whenFailure { _ in
            // Half-closure is not supported (or the socket is gone): close fully.
            context.close(promise: nil)
        }
        if self.pendingRead {
            self.pendingRead = false
            context.read()
        }
        let timeout = TimeAmount(self.configuration.closeTimeout)
        self.closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
    }
}
