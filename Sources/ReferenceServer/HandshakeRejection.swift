import NIOHTTP1

/// Why the server refuses an opening handshake (RFC 6455 §4.2.1, §4.2.2) and the HTTP answer that says so.
///
/// `HandshakeUpgrader` fails its future with one of these; `HandshakeRejectionHandler` turns it into a response.
struct HandshakeRejection: Error, Sendable, CustomStringConvertible {
    var status: HTTPResponseStatus
    /// The RFC 6455 section of the broken rule.
    var rfcSection: String
    var detail: String
    /// Extra response headers, e.g. `Sec-WebSocket-Version: 13` with a 426 (§4.4).
    var headers: HTTPHeaders = [:]

    var description: String {
        "\(self.status.code) \(self.status.reasonPhrase): RFC 6455 §\(self.rfcSection): \(self.detail)"
    }

    static func badRequest(_ section: String, _ detail: String) -> HandshakeRejection {
        HandshakeRejection(status: .badRequest, rfcSection: section, detail: detail)
    }

    /// §4.2.2 item 4 / §4.4: a version we do not speak is answered with 426 and the versions we do.
    static func unsupportedVersion(_ detail: String) -> HandshakeRejection {
        HandshakeRejection(
            status: .upgradeRequired,
            rfcSection: "4.4",
            detail: detail,
            headers: ["Sec-WebSocket-Version": "13"]
        )
    }

    /// The sample protocol's endpoint needs a `token` query parameter (its `apiKey` auth strategy).
    static func unauthorized(_ detail: String) -> HandshakeRejection {
        HandshakeRejection(status: .unauthorized, rfcSection: "4.2.2", detail: detail)
    }

    /// A `/ws/...` path that names no endpoint of the sample protocol.
    static func notFound(_ detail: String) -> HandshakeRejection {
        HandshakeRejection(status: .notFound, rfcSection: "4.2.2", detail: detail)
    }
}
