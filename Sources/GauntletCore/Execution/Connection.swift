import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw TCP connection to a target, for a harness that must send bytes no WebSocket library would.
///
/// It writes exactly the bytes it is given, whole or chopped, and reads with a deadline on every wait. It knows
/// nothing of WebSocket framing; the case driver layers the wire protocol over it.
final class Connection: Sendable {
    private let channel: any Channel
    private let mailbox: InboundMailbox

    private init(channel: any Channel, mailbox: InboundMailbox) {
        self.channel = channel
        self.mailbox = mailbox
    }

    /// Opens TCP to `target`, IPv4 or IPv6, or throws when it cannot within `timeout`.
    static func open(
        to target: Target,
        timeout: Duration,
        inboundByteLimit: Int,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Connection {
        let mailbox = InboundMailbox(byteLimit: inboundByteLimit)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(Int64(timeout.nanoseconds)))
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InboundForwarder(mailbox: mailbox))
                }
            }
        // An IP literal (the usual loopback target) needs no resolver: connecting to the address directly skips a
        // getaddrinfo call on another thread for every connection.
        let connecting =
            if let address = try? SocketAddress(ipAddress: target.host, port: target.port) {
                bootstrap.connect(to: address)
            } else {
                bootstrap.connect(host: target.host, port: target.port)
            }
        let channel = try await connecting.get()
        return Connection(channel: channel, mailbox: mailbox)
    }

    /// The peer's address as text, for the event log.
    var remoteAddress: String { self.channel.remoteAddress?.description ?? "unknown" }

    /// Writes `bytes` in one go, failing at `deadline` if the peer stops reading.
    func write(_ bytes: some Collection<UInt8>, deadline: ContinuousClock.Instant) async throws {
        let buffer = self.channel.allocator.buffer(bytes: bytes)
        let eventLoop = self.channel.eventLoop
        let promise = eventLoop.makePromise(of: Void.self)
        // The write and the timer race; whichever settles first completes the promise, exactly once.
        let settled = NIOLockedValueBox(false)
        let claim = {
            settled.withLockedValue { done in
                defer { done = true }; return !done
            }
        }
        let timer = eventLoop.scheduleTask(deadline: NIODeadline(deadline)) {
            if claim() { promise.fail(ConnectionError.writeTimedOut) }
        }
        self.channel.writeAndFlush(buffer).whenComplete { result in
            timer.cancel()
            if claim() { promise.completeWith(result) }
        }
        try await promise.futureResult.get()
    }

    /// The next bytes from the peer, the end of the stream, or `.timeout` at `deadline`.
    func read(deadline: ContinuousClock.Instant) async -> Inbound {
        await self.mailbox.next(deadline: NIODeadline(deadline), on: self.channel.eventLoop)
    }

    /// Closes TCP from our side; used to fail a connection or give up on a peer that never closes.
    func drop() {
        self.channel.close(promise: nil)
    }
}

/// Why a write to the peer did not complete.
enum ConnectionError: Error, CustomStringConvertible {
    case writeTimedOut

    var description: String {
        switch self {
        case .writeTimedOut: "the peer stopped reading before the write completed"
        }
    }
}

/// Feeds the channel's inbound bytes and its end into the mailbox.
private final class InboundForwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let mailbox: InboundMailbox

    init(mailbox: InboundMailbox) {
        self.mailbox = mailbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !self.mailbox.deliver(self.unwrapInboundIn(data)) {
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            self.mailbox.finish(reset: false)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, error.errnoCode == ECONNRESET {
            self.mailbox.finish(reset: true)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.mailbox.finish(reset: false)
    }
}

extension NIODeadline {
    /// Converts a Swift clock instant into NIO's clock, which is also monotonic.
    init(_ instant: ContinuousClock.Instant) {
        let remaining = ContinuousClock.now.duration(to: instant)
        self = .now() + .nanoseconds(Int64(max(0, remaining.nanoseconds)))
    }
}
