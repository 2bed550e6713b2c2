/// What both ends settled on in the opening handshake, with every default filled in, so a codec needs nothing else
/// (RFC 7692 §7.1: an absent window parameter means 15, an absent no-context-takeover means the context is kept).
public struct PerMessageDeflateAgreement: Hashable, Sendable, CustomStringConvertible {
    /// §7.1.1.1: the server resets its compressor after each message (so the client may reset its decompressor).
    public var serverNoContextTakeover: Bool
    /// §7.1.1.2: the client resets its compressor after each message.
    public var clientNoContextTakeover: Bool
    /// §7.1.2.1: the server compresses with at most 2^bits bytes of history; the client inflates with that window.
    public var serverMaxWindowBits: Int
    /// §7.1.2.2: the client compresses with at most 2^bits bytes of history.
    public var clientMaxWindowBits: Int

    /// Creates an agreement; the defaults are those of a bare `permessage-deflate` response.
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// The agreement a server's accepted response stands for (§7.1: the response, not the offer, is binding).
    public init(response: PerMessageDeflateParameters) {
        self.init(
            serverNoContextTakeover: response.serverNoContextTakeover,
            clientNoContextTakeover: response.clientNoContextTakeover,
            serverMaxWindowBits: response.serverMaxWindowBits ?? 15,
            clientMaxWindowBits: response.clientMaxWindowBits?.value ?? 15
        )
    }

    /// Whether the endpoint in `role` resets its compressor after each message.
    public func resetsCompressor(as role: PerMessageDeflateCodec.Role) -> Bool {
        role == .server ? self.serverNoContextTakeover : self.clientNoContextTakeover
    }

    /// The window the endpoint in `role` compresses with; its peer inflates with the same one.
    public func compressionWindowBits(as role: PerMessageDeflateCodec.Role) -> Int {
        role == .server ? self.serverMaxWindowBits : self.clientMaxWindowBits
    }

    public var description: String {
        "server_no_context_takeover=\(self.serverNoContextTakeover) "
            + "client_no_context_takeover=\(self.clientNoContextTakeover) "
            + "server_max_window_bits=\(self.serverMaxWindowBits) client_max_window_bits=\(self.clientMaxWindowBits)"
    }
}
