import NIOCore
import NIOHTTP1
import NIOPosix

/// A running RFC 6455 echo server: the known-good target every conformance check must pass against, and, with
/// `ReferenceServerConfiguration.faults`, the known-bad one each check must catch.
///
/// Start it in-process with `start(_:group:)`, connect to `localAddress`, and call `shutdown()` when done.
public final class ReferenceServer: Sendable {
    /// The bound port (the one chosen by the system when the configuration asked for port 0).
    public let port: Int
    /// The address to connect to, e.g. `ws://127.0.0.1:PORT/`.
    public let localAddress: String
    /// The configuration the server runs with.
    public let configuration: ReferenceServerConfiguration

    private let serverChannel: any Channel
    private let connections: ConnectionRegistry

    private init(
        serverChannel: any Channel,
        connections: ConnectionRegistry,
        port: Int,
        configuration: ReferenceServerConfiguration
    ) {
        self.serverChannel = serverChannel
        self.connections = connections
        self.port = port
        self.configuration = configuration
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        self.localAddress = "ws://\(host):\(port)/"
    }

    /// Binds `configuration.host`:`configuration.port` and starts accepting WebSocket upgrades on any path.
    public static func start(
        _ configuration: ReferenceServerConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ReferenceServer {
        let connections = ConnectionRegistry(eventLoop: group.next())
        let hub = DashboardHub(faults: configuration.faults)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.register(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try Self.configureHandshake(channel, configuration: configuration, hub: hub)
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return ReferenceServer(
            serverChannel: channel,
            connections: connections,
            port: port,
            configuration: configuration
        )
    }

    /// Stops accepting, closes every open connection, and returns when all are closed.
    public func shutdown() async throws {
        do {
            try await self.serverChannel.close()
        } catch ChannelError.alreadyClosed {
            // Closed before (e.g. by an earlier shutdown): nothing left to do for the listener.
        }
        try await self.connections.closeAll().get()
    }

    /// Returns when the server has stopped, e.g. for `gauntlet serve`, which runs until interrupted.
    public func waitUntilClosed() async throws {
        try await self.serverChannel.closeFuture.get()
    }

    /// HTTP/1.1 until the upgrade (§4.2); `HandshakeUpgrader` then installs the WebSocket handlers.
    private static func configureHandshake(
        _ channel: any Channel,
        configuration: ReferenceServerConfiguration,
        hub: DashboardHub
    ) throws {
        let upgrader = HandshakeUpgrader(configuration: configuration, hub: hub)
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (
                upgraders: [upgrader],
                completionHandler: { context in
                    // The request was upgraded: the HTTP fallback must not see WebSocket bytes.
                    let pipeline = context.pipeline.syncOperations
                    if let fallback = try? pipeline.context(handlerType: HandshakeRejectionHandler.self) {
                        pipeline.removeHandler(context: fallback, promise: nil)
                    }
                }
            ),
            withErrorHandling: true
        )
        try channel.pipeline.syncOperations.addHandler(HandshakeRejectionHandler())
    }
}
