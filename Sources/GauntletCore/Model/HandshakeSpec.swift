import WebSocketWire

/// The opening handshake a case performs and the answer it expects (RFC 6455 §4), so handshake cases run through
/// the same `CaseExecution` and `Judge` as every other case instead of a second engine.
///
/// Most cases use `.standard`: a valid upgrade request that must be accepted. Section H changes the request and
/// may expect a refusal.
public struct HandshakeSpec: Sendable, Hashable {
    /// One edit to the standard upgrade request, applied in order.
    public enum Change: Sendable, Hashable {
        case method(String)
        case target(String)
        /// The absolute form `http://host:port/path` (RFC 9112 §3.2.2), built from the target's address.
        case absoluteTarget
        case httpVersion(String)
        /// Replaces every field of that name, or removes them when the value is nil.
        case setHeader(String, String?)
        /// Adds a field after the others, keeping any of the same name (a duplicate).
        case addHeader(String, String)
        /// Rewrites every field name in lower case (`false`) or upper case (`true`).
        case headerNameCase(upper: Bool)
        /// Bytes written in the same write right after the blank line, such as an early frame.
        case trailingBytes([UInt8])
    }

    /// What the server must answer.
    public enum Expectation: Sendable, Hashable {
        /// A valid 101 upgrade (§4.2.2); then the case's steps run on the connection.
        case upgrade
        /// A refusal: a status in `statuses` (`preferred`, when given, earns OK and the others NON-STRICT), carrying
        /// `requiredHeader` when given. `closeIsOK` accepts closing TCP without an answer; `upgradeVerdict` is the
        /// verdict for a server that upgrades anyway.
        case refuse(
            statuses: ClosedRange<Int>,
            preferred: Int? = nil,
            requiredHeader: HTTPHeaderField? = nil,
            closeIsOK: Bool = false,
            upgradeVerdict: Verdict = .failed
        )
    }

    public var changes: [Change]
    public var expectation: Expectation
    /// The permessage-deflate offer to make (RFC 7692 §5); nil offers no extension.
    public var deflate: DeflateOffer?
    /// For a request the RFC lets a server turn down although an upgrade is hoped for: the verdict when the server
    /// answers with a refusal or closes without answering. Nil: any failed upgrade is FAILED. An invalid 101 is
    /// always FAILED.
    public var refusalVerdict: Verdict?

    public init(
        changes: [Change] = [], expectation: Expectation = .upgrade, deflate: DeflateOffer? = nil,
        refusalVerdict: Verdict? = nil
    ) {
        self.changes = changes
        self.expectation = expectation
        self.deflate = deflate
        self.refusalVerdict = refusalVerdict
    }

    /// A valid upgrade request carrying `offer`, which must be accepted.
    public static func deflate(_ offer: DeflateOffer) -> HandshakeSpec {
        HandshakeSpec(deflate: offer)
    }

    /// A valid upgrade request that must be accepted: the handshake of every case outside section H.
    public static let standard = HandshakeSpec()

    /// The request for `target` with every change applied; `key` is updated when a change sets the key field.
    public func request(for target: Target) -> HandshakeRequest {
        var request = HandshakeRequest.upgrade(host: target.hostHeader, target: target.resource)
        if let deflate = self.deflate {
            request.headers.append(HTTPHeaderField("Sec-WebSocket-Extensions", deflate.headerValue))
        }
        for change in self.changes {
            switch change {
            case .method(let method):
                request.method = method
            case .target(let path):
                request.target = path
            case .absoluteTarget:
                request.target = "http://\(target.hostHeader)\(target.resource)"
            case .httpVersion(let version):
                request.httpVersion = version
            case .setHeader(let name, let value):
                request.setHeader(name, value)
            case .addHeader(let name, let value):
                request.headers.append(HTTPHeaderField(name, value))
            case .headerNameCase(let upper):
                request.headers = request.headers.map {
                    HTTPHeaderField(upper ? $0.name.uppercased() : $0.name.lowercased(), $0.value)
                }
            case .trailingBytes(let bytes):
                request.trailingBytes = bytes
            }
        }
        let keys = request.headers.values("Sec-WebSocket-Key")
        request.key = keys.count == 1 ? keys.first : nil
        return request
    }
}
