import WebSocketWire

/// Why the server fails a connection (RFC 6455 §7.1.7): the close code it owes the peer and the rule that was broken,
/// so the close frame's reason names the RFC section a developer should read.
struct ConnectionFailure: Hashable, Sendable, CustomStringConvertible {
    var code: CloseCode
    /// The RFC 6455 section of the broken rule, e.g. "5.2".
    var rfcSection: String
    /// A short sentence; it goes into the close reason, which must stay within 123 bytes (§5.5).
    var detail: String

    var description: String {
        self.rfcSection.hasPrefix("RFC ")
            ? "\(self.rfcSection): \(self.detail)" : "RFC 6455 §\(self.rfcSection): \(self.detail)"
    }

    /// The close reason sent on the wire: ASCII, cut to the 123 bytes a control frame leaves for it (§5.5, §5.5.1).
    var closeReason: String {
        String(self.description.utf8.prefix(123)) ?? self.detail
    }

    static func protocolError(_ section: String, _ detail: String) -> ConnectionFailure {
        ConnectionFailure(code: .protocolError, rfcSection: section, detail: detail)
    }

    static func invalidPayload(_ section: String, _ detail: String) -> ConnectionFailure {
        ConnectionFailure(code: .invalidPayloadData, rfcSection: section, detail: detail)
    }

    static func tooBig(_ detail: String) -> ConnectionFailure {
        ConnectionFailure(code: .messageTooBig, rfcSection: "7.4.1", detail: detail)
    }
}
