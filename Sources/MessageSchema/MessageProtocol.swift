/// A WebSocket application protocol as the harness needs it: where to connect, how to authenticate, and which
/// messages each side may send. All three input formats (JSON Schema + sidecar, AsyncAPI, API definition) load to it.
public struct MessageProtocol: Sendable {
    /// Which input format a protocol came from, for listings and messages.
    public struct Format: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        public init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        public static let jsonSchema = Format("JSON Schema + sidecar")
        public static let asyncAPI2 = Format("AsyncAPI 2.x")
        public static let asyncAPI3 = Format("AsyncAPI 3.0")
        public static let apiDefinition = Format("WebSocket API definition")
    }

    public var title: String
    public var format: Format
    /// e.g. `wss://dashboard.example.com`; nil when the definition leaves the host to the command line.
    public var baseURL: String?
    public var auth: AuthStrategy
    public var endpoints: [ProtocolEndpoint]

    public init(
        title: String, format: Format, baseURL: String? = nil, auth: AuthStrategy = .none,
        endpoints: [ProtocolEndpoint]
    ) {
        self.title = title
        self.format = format
        self.baseURL = baseURL
        self.auth = auth
        self.endpoints = endpoints
    }

    /// The endpoint serving `path`, compared exactly.
    public func endpoint(path: String) -> ProtocolEndpoint? {
        self.endpoints.first { $0.path == path }
    }
}

/// How a client proves who it is when it opens the connection. WebSocket has no auth of its own, so servers use
/// the handshake: a bearer token header, or an API key in the query, a header or a cookie.
public enum AuthStrategy: Sendable, Hashable, CustomStringConvertible {
    /// Where an API key travels.
    public enum KeyLocation: String, Sendable, Hashable {
        case query
        case header
        case cookie
    }

    case none
    /// `Authorization: Bearer <token>` (RFC 6750 §2.1).
    case bearer
    /// An API key named `name` in `location`.
    case apiKey(name: String, location: KeyLocation)
    /// A token offered as one more `Sec-WebSocket-Protocol` entry, `prefix` + token: how browser clients, which
    /// cannot set headers, authenticate (Kubernetes, Hasura and others).
    case subprotocol(prefix: String)
    /// A message sent first after the upgrade, named `message`, with the token at the dotted `field`.
    case firstMessage(message: String, field: String)

    public var description: String {
        switch self {
        case .none: return "none"
        case .bearer: return "bearer token in the Authorization header"
        case .apiKey(let name, let location): return "API key '\(name)' in the \(location.rawValue)"
        case .subprotocol(let prefix): return "token in Sec-WebSocket-Protocol after '\(prefix)'"
        case .firstMessage(let message, let field): return "token in the first message '\(message)' at \(field)"
        }
    }
}

/// A value the client supplies when connecting, in the query string or a header. Fuzzers and scenarios need the
/// type and whether it is required to build valid handshakes and deliberately invalid ones.
public struct ConnectionParameter: Sendable, Hashable, CustomStringConvertible {
    /// Where the parameter travels in the opening handshake.
    public enum Location: String, Sendable, Hashable {
        case query
        case header
    }

    /// The parameter's value type; query strings and headers are text, so this says how to read it.
    public enum ValueType: String, Sendable, Hashable {
        case string
        case integer
        case boolean
        case float
    }

    public var name: String
    public var location: Location
    public var type: ValueType
    public var required: Bool

    public init(name: String, location: Location, type: ValueType, required: Bool) {
        self.name = name
        self.location = location
        self.type = type
        self.required = required
    }

    public var description: String {
        "\(self.name) (\(self.location.rawValue), \(self.type.rawValue), \(self.required ? "required" : "optional"))"
    }
}
