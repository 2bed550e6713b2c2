import NIOCore

/// The server's open connections, so `shutdown()` can close them too: a test that stops the server must not leave
/// sockets (and their close timers) behind. All state lives on one event loop, so no lock is needed.
final class ConnectionRegistry: Sendable {
    private let channels: NIOLoopBoundBox<[ObjectIdentifier: any Channel]>

    init(eventLoop: any EventLoop) {
        self.channels = .makeBoxSendingValue([:], eventLoop: eventLoop)
    }

    /// Tracks `channel` until it closes.
    func register(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let box = self.channels
        box.eventLoop.execute {
            box.value[id] = channel
        }
        channel.closeFuture.whenComplete { _ in
            box.eventLoop.execute {
                box.value[id] = nil
            }
        }
    }

    /// Closes every open connection and completes when all of them are closed.
    func closeAll() -> EventLoopFuture<Void> {
        let box = self.channels
        return box.eventLoop.submit {
            Array(box.value.values)
        }.flatMap { channels in
            let closed = channels.map { channel in
                channel.close().flatMapError { _ in channel.closeFuture }
            }
            return EventLoopFuture.andAllComplete(closed, on: box.eventLoop)
        }
    }
}
