import WebSocketWire

/// How a case expects the connection to end (RFC 6455 §7), judged into a `CloseVerdict`.
public struct CloseExpectation: Sendable, Hashable {
    /// Which side must start the closing handshake: the harness after a normal exchange, or the server when it
    /// must fail the connection.
    public enum Initiator: String, Sendable, Hashable, Codable {
        case harness
        case server
    }

    public var initiator: Initiator
    /// The close codes the server may send; an empty close frame or none at all is never a wrong code.
    public var allowedCodes: [CloseCode]
    /// Whether the closing handshake must complete before TCP closes.
    public var requireClean: Bool
    /// When the RFC leaves the close open, the verdict is INFORMATIONAL whatever happens.
    public var informational: Bool

    public init(
        initiator: Initiator,
        allowedCodes: [CloseCode],
        requireClean: Bool,
        informational: Bool = false
    ) {
        self.initiator = initiator
        self.allowedCodes = allowedCodes
        self.requireClean = requireClean
        self.informational = informational
    }

    /// The ending of every well-behaved exchange: the harness closes with 1000 and the server answers cleanly.
    public static let normal = CloseExpectation(initiator: .harness, allowedCodes: [.normalClosure], requireClean: true)

    /// The server must fail the connection with a protocol error (RFC 6455 §7.1.7); TCP may simply drop.
    public static let protocolError = CloseExpectation(
        initiator: .server,
        allowedCodes: [.protocolError],
        requireClean: false
    )
}
