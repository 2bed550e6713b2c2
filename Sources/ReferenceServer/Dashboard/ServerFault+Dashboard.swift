// MARK: - The agent-dashboard sample protocol (scenarios/agent-dashboard)

extension ServerFault {
    /// Replies no longer carry `reply_to`, so a client cannot match them to its requests.
    public static let missingReplyTo = ServerFault(
        name: "missing-reply-to",
        summary: "dashboard: replies (ack, pong, subscriptions, error) carry no reply_to"
    )
    /// A broadcast leaves out the last subscribed dashboard.
    public static let broadcastSkipsClient = ServerFault(
        name: "broadcast-skips-client",
        summary: "dashboard: an event broadcast to several dashboards skips the last subscriber"
    )
    /// Broadcasts reach every dashboard, subscribed or not.
    public static let broadcastToUnsubscribed = ServerFault(
        name: "broadcast-to-unsubscribed",
        summary: "dashboard: events reach every dashboard, including those not subscribed to the topic"
    )
    /// `event.agent_status` carries a status outside the schema's enum.
    public static let schemaInvalidEvent = ServerFault(
        name: "schema-invalid-event",
        summary: "dashboard: event.agent_status carries status \"busy\", which the schema does not allow"
    )
    /// The answer to `ping` has a type the protocol does not define.
    public static let unknownMessageType = ServerFault(
        name: "unknown-message-type",
        summary: "dashboard: answers ping with a message of type \"pong_v2\", unknown to the protocol"
    )
    /// Every error reply is followed by closing the connection.
    public static let errorClosesConnection = ServerFault(
        name: "error-closes-connection",
        summary: "dashboard: closes the connection (1011) after every error reply instead of staying open"
    )
    /// No token is needed: the handshake upgrades without one and unauthenticated requests are served.
    public static let noAuthCheck = ServerFault(
        name: "no-auth-check",
        summary: "dashboard: upgrades without a token (no 401) and serves requests before authentication"
    )

    /// The faults that break the sample protocol rather than RFC 6455, so catalogue tests can leave them out.
    public static let dashboardFaults: [ServerFault] = [
        .missingReplyTo, .broadcastSkipsClient, .broadcastToUnsubscribed, .schemaInvalidEvent, .unknownMessageType,
        .errorClosesConnection, .noAuthCheck,
    ]
}
