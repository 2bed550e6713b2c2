/// Where a run points: a `ws://` URL split into what TCP and the opening handshake each need.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The request target of the opening handshake: path plus query (RFC 6455 §3).
    public var resource: String

    public init(host: String, port: Int, resource: String = "/") {
        self.host = host
        self.port = port
        self.resource = resource
    }

    /// Parses `ws://host[:port][/path][?query]`, IPv6 literals in brackets included.
    public init(url: String) throws(TargetError) {
        guard url.lowercased().hasPrefix("ws://") else {
            if url.lowercased().hasPrefix("wss://") {
                throw TargetError("'\(url)': wss:// needs TLS, which this build does not include; use ws://")
            }
            throw TargetError("'\(url)' is not a ws:// URL")
        }
        let rest = url.dropFirst("ws://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var resource = String(rest[authorityEnd...])
        if resource.isEmpty || resource.hasPrefix("?") { resource = "/" + resource }

        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw TargetError("'\(url)': unclosed IPv6 bracket")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw TargetError("'\(url)': unexpected '\(after)' after the IPv6 address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw TargetError("'\(url)' has no host") }
        var port = 80
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw TargetError("'\(url)': port '\(portText)' is not a number from 1 to 65535")
            }
            port = parsed
        }
        self.init(host: String(host), port: port, resource: resource)
    }

    /// The `Host` header value: brackets around IPv6, the port unless it is the default (RFC 7230 §5.4).
    public var hostHeader: String {
        let name = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port == 80 ? name : "\(name):\(self.port)"
    }

    /// Whether the host is on this machine; the fuzzer refuses anything else without an explicit opt-in.
    public var isLoopback: Bool {
        self.host == "localhost" || self.host == "::1" || self.host.hasPrefix("127.")
    }

    public var description: String { "ws://\(self.hostHeader)\(self.resource)" }
}

/// A target URL that cannot be used, with the reason in words.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
