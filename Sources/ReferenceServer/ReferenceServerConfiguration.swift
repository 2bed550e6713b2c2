/// How to run a `ReferenceServer`: where to listen, which rules to break, and the size and time bounds that keep a
/// hostile peer (our own fuzzer) from exhausting it.
public struct ReferenceServerConfiguration: Sendable {
    /// The address to bind, e.g. `127.0.0.1` or `::1`.
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 picks any free port (read it back from `ReferenceServer.port`).
    public var port: Int = 0
    /// The rules to break on purpose; empty for a correct server.
    public var faults: Set<ServerFault> = []
    /// Frames announcing a longer payload fail the connection with 1009 (RFC 6455 §7.4.1).
    public var maxFrameSize: Int = 64 << 20
    /// Messages growing beyond this fail the connection with 1009 (RFC 6455 §7.4.1).
    public var maxMessageSize: Int = 64 << 20
    /// How long to wait, after sending a close frame, for the client to close TCP before closing it anyway
    /// (RFC 6455 §7.1.1 lets the server close first; waiting avoids a reset that could destroy the close frame).
    public var closeTimeout: Duration = .seconds(2)
    /// Accept a permessage-deflate offer (RFC 7692) and echo compressed; off, the server declines every offer.
    public var permessageDeflate: Bool = true
    /// The token `/ws/dashboard` accepts (query `token` or an `authenticate` message); the sample scenarios read it
    /// from `DASHBOARD_TOKEN`.
    public var dashboardToken: String = "gauntlet-demo-token-0001"
    /// Messages on `/ws/dashboard` beyond this fail the connection with 1009, as the sample protocol requires.
    public var dashboardMaxMessageSize: Int = 1 << 20

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        faults: Set<ServerFault> = [],
        maxFrameSize: Int = 64 << 20,
        maxMessageSize: Int = 64 << 20,
        closeTimeout: Duration = .seconds(2),
        permessageDeflate: Bool = true
    ) {
        self.host = host
        self.port = port
        self.faults = faults
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.closeTimeout = closeTimeout
        self.permessageDeflate = permessageDeflate
    }
}
