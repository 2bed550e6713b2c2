import ReferenceServer
import Testing
import WebSocketWire

/// The reference server's permessage-deflate over a real loopback socket, judged frame by frame with our own codec.
@Suite("Reference server permessage-deflate on the wire")
struct RawDeflateClientTests {
    /// One echoed message: its frames as sent and their payloads joined.
    struct Echo {
        var frames: [Frame]
        var payload: [UInt8] { self.frames.flatMap(\.payload) }
    }

    static let hello = Array("Hello".utf8)

    /// 3000 seeded pseudo-random bytes, three times: back-references 3000 bytes long, beyond a 512-byte window.
    static let farRepeats: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let block = (0..<3000).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 32)
        }
        return block + block + block
    }()

    /// Starts a server, connects with `offer`, runs `body`, and shuts both down whatever happens.
    func withClient<T>(
        offer: String?,
        faults: Set<ServerFault> = [],
        maxMessageSize: Int = 64 << 20,
        _ body: (RawClient) async throws -> T
    ) async throws -> T {
        let configuration = ReferenceServerConfiguration(faults: faults, maxMessageSize: maxMessageSize)
        let server = try await ReferenceServer.start(configuration)
        do {
            let client = try await RawClient(port: server.port, extensions: offer)
            let result: T
            do {
                result = try await body(client)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Negotiates from the client's side, as a conforming client must (RFC 7692 §5, §7.1).
    func codec(_ client: RawClient, offer: String) throws -> PerMessageDeflateCodec {
        let offers = try PerMessageDeflateParameters.offers(in: ExtensionHeader.parse(offer)).map { try $0.get() }
        let agreement = try #require(
            try PerMessageDeflateNegotiation.validate(response: client.extensionElements(), offers: offers)
        )
        return try PerMessageDeflateCodec(agreement: agreement, role: .client)
    }

    /// Sends each message compressed (split into `fragmentSize` pieces) and returns the echoes.
    func exchange(
        _ client: RawClient,
        codec: PerMessageDeflateCodec,
        messages: [[UInt8]],
        fragmentSize: Int? = nil
    ) async throws -> [Echo] {
        for message in messages {
            let payload = try codec.compress(message)
            try await client.send(
                PerMessageDeflateCodec.frames(
                    opcode: .binary,
                    compressedPayload: payload,
                    fragmentSize: fragmentSize,
                    role: .client
                )
            )
        }
        let count = messages.count
        let frames = try await client.frames { Self.echoes(in: $0).count >= count }
        return Self.echoes(in: frames)
    }

    /// Groups data frames into messages (a text or binary frame, then continuations up to FIN).
    static func echoes(in frames: [ParsedFrame]) -> [Echo] {
        var echoes: [Echo] = []
        var open: [Frame]?
        for parsed in frames where !parsed.frame.opcode.isControl {
            var current = parsed.frame.opcode == .continuation ? (open ?? []) : []
            current.append(parsed.frame)
            if parsed.frame.fin {
                echoes.append(Echo(frames: current))
                open = nil
            } else {
                open = current
            }
        }
        return echoes
    }

    // MARK: A correct server

    @Test("Echoes use the shared context, with RSV1 on each message's one frame (RFC 7692 §7.2.3.2, §6.1)")
    func contextTakeover() async throws {
        try await self.withClient(offer: "permessage-deflate") { client in
            #expect(client.response.value("Sec-WebSocket-Extensions") == "permessage-deflate")
            let codec = try self.codec(client, offer: "permessage-deflate")
            let messages = [Self.hello, Self.hello, Self.farRepeats, Self.farRepeats, []]
            let echoes = try await self.exchange(client, codec: codec, messages: messages)
            #expect(echoes.count == messages.count)
            #expect(echoes.first?.payload == hex("f2 48 cd c9 c9 07 00"))
            #expect(echoes.dropFirst().first?.payload == hex("f2 00 11 00 00"))
            for (echo, message) in zip(echoes, messages) {
                #expect(echo.frames.map(\.rsv1) == [true])
                #expect(try codec.decompress(echo.payload) == message)
            }
        }
    }

    @Test("With no context takeover on both sides every \"Hello\" compresses alike (§7.1.1)")
    func noContextTakeover() async throws {
        let offer = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
        try await self.withClient(offer: offer) { client in
            let codec = try self.codec(client, offer: offer)
            let messages = [Self.hello, Self.hello, Self.farRepeats, Self.farRepeats]
            let echoes = try await self.exchange(client, codec: codec, messages: messages)
            #expect(echoes.prefix(2).map(\.payload) == [hex("f2 48 cd c9 c9 07 00"), hex("f2 48 cd c9 c9 07 00")])
            for (echo, message) in zip(echoes, messages) {
                #expect(try codec.decompress(echo.payload) == message)
            }
        }
    }

    @Test(
        "Echo works at several window sizes, checked with an inflater of exactly that window",
        arguments: [8, 9, 11, 15])
    func windows(bits: Int) async throws {
        let offer = "permessage-deflate; server_max_window_bits=\(bits); client_max_window_bits=\(bits)"
        try await self.withClient(offer: offer) { client in
            #expect(
                client.response.value("Sec-WebSocket-Extensions")?.contains("server_max_window_bits=\(bits)") == true)
            let codec = try self.codec(client, offer: offer)
            #expect(codec.agreement.serverMaxWindowBits == bits)
            let text = Array(String(repeating: "window \(bits) ", count: 3000).utf8)
            let messages = [Self.farRepeats, text, Self.farRepeats]
            let echoes = try await self.exchange(client, codec: codec, messages: messages, fragmentSize: 700)
            for (echo, message) in zip(echoes, messages) {
                #expect(try codec.decompress(echo.payload) == message)
            }
        }
    }

    @Test("Without an offer, or switched off, nothing is compressed")
    func uncompressed() async throws {
        try await self.withClient(offer: nil) { client in
            #expect(client.response.value("Sec-WebSocket-Extensions") == nil)
            try await client.send([.client(.binary, payload: Self.hello)])
            let frames = try await client.frames { Self.echoes(in: $0).count >= 1 }
            #expect(frames.first?.frame.rsv1 == false)
            #expect(frames.first?.frame.payload == Self.hello)
        }
        let configuration = ReferenceServerConfiguration(permessageDeflate: false)
        let server = try await ReferenceServer.start(configuration)
        let client = try await RawClient(port: server.port, extensions: "permessage-deflate")
        #expect(client.response.value("Sec-WebSocket-Extensions") == nil)
        await client.close()
        try await server.shutdown()
    }

    static let failures: [(name: String, frames: [Frame], code: UInt16)] = [
        (
            "RSV1 on a continuation",
            [
                Frame(fin: false, rsv1: true, opcode: .binary, maskingKey: .random(), payload: hex("f2 48")),
                Frame(
                    fin: true, rsv1: true, opcode: .continuation, maskingKey: .random(), payload: hex("cd c9 c9 07 00")),
            ],
            1002
        ),
        ("RSV1 on a ping", [Frame(rsv1: true, opcode: .ping, maskingKey: .random(), payload: [])], 1002),
        (
            "a payload that does not inflate",
            [Frame(rsv1: true, opcode: .text, maskingKey: .random(), payload: hex("ff ff ff"))], 1002
        ),
        (
            "compressed text that is not UTF-8",
            [Frame(rsv1: true, opcode: .text, maskingKey: .random(), payload: hex("fa ff 0f 00"))], 1007
        ),
    ]

    @Test("The server fails the connection on a compression violation", arguments: Self.failures)
    func failsOnViolation(name: String, frames: [Frame], code: UInt16) async throws {
        try await self.withClient(offer: "permessage-deflate") { client in
            try await client.send(frames)
            let received = try await client.frames { RawClient.closeCode(in: $0) != nil }
            #expect(RawClient.closeCode(in: received) == code, "\(name)")
        }
    }

    @Test("A zip bomb is stopped at the message size limit with 1009")
    func zipBomb() async throws {
        try await self.withClient(offer: "permessage-deflate", maxMessageSize: 100_000) { client in
            let codec = try self.codec(client, offer: "permessage-deflate")
            let bomb = try codec.compress(Array(repeating: 0, count: 5_000_000))
            #expect(bomb.count < 100_000)
            try await client.send(
                PerMessageDeflateCodec.frames(opcode: .binary, compressedPayload: bomb, role: .client))
            let received = try await client.frames { RawClient.closeCode(in: $0) != nil }
            #expect(RawClient.closeCode(in: received) == 1009)
        }
    }
}
