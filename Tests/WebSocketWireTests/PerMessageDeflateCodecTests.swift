import Testing

@testable import WebSocketWire

@Suite("permessage-deflate codec (RFC 7692 §7.2)")
struct PerMessageDeflateCodecTests {
    let hello = Array("Hello".utf8)

    func codec(
        _ agreement: PerMessageDeflateAgreement = .init(),
        role: PerMessageDeflateCodec.Role,
        limits: PerMessageDeflateCodec.Limits = .init()
    ) throws -> PerMessageDeflateCodec {
        try PerMessageDeflateCodec(agreement: agreement, role: role, limits: limits)
    }

    /// A payload with long repeats at a distance of 3000 bytes, and little to gain at shorter distances.
    static func farRepeats(count: Int = 3, distance: Int = 3000) -> [UInt8] {
        var generator = SplitMix(seed: 42)
        let block = (0..<distance).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Array((0..<count).map { _ in block }.joined())
    }

    @Test("\"Hello\" compresses to the bytes of RFC 7692 §7.2.3.1")
    func helloVector() throws {
        let server = try self.codec(role: .server)
        #expect(try server.compress(self.hello) == hex("f2 48 cd c9 c9 07 00"))
    }

    @Test("A second \"Hello\" with a shared context compresses to the bytes of §7.2.3.2")
    func sharedContextVector() throws {
        let server = try self.codec(role: .server)
        _ = try server.compress(self.hello)
        #expect(try server.compress(self.hello) == hex("f2 00 11 00 00"))
    }

    @Test("Without context takeover the second \"Hello\" compresses like the first (§7.1.1.1)")
    func noContextTakeoverRepeatsFirstBytes() throws {
        let server = try self.codec(.init(serverNoContextTakeover: true), role: .server)
        _ = try server.compress(self.hello)
        #expect(try server.compress(self.hello) == hex("f2 48 cd c9 c9 07 00"))
    }

    @Test(
        "The RFC 7692 §7.2.3 payloads all inflate to \"Hello\"",
        arguments: [
            "f2 48 cd c9 c9 07 00",  // §7.2.3.1 one compressed block
            "00 05 00 fa ff 48 65 6c 6c 6f 00",  // §7.2.3.3 no compression (stored block)
            "f3 48 cd c9 c9 07 00 00",  // §7.2.3.4 BFINAL set
            "f2 48 05 00 00 00 ff ff ca c9 c9 07 00",  // §7.2.3.5 two deflate blocks in one message
        ]
    )
    func rfcPayloadsInflate(_ payload: String) throws {
        let client = try self.codec(role: .client)
        #expect(try client.decompress(hex(payload)) == self.hello)
    }

    /// §7.2.3.4 requires one octet after a final block (an empty stored block's header) so that the appended
    /// `00 00 ff ff` completes it; without that octet the tail reads as a truncated stored block.
    @Test("A final block without the octet §7.2.3.4 requires after it does not inflate")
    func finalBlockWithoutTrailingOctetFails() throws {
        let client = try self.codec(role: .client)
        #expect(throws: PerMessageDeflateError.self) { try client.decompress(hex("f3 48 cd c9 c9 07 00")) }
    }

    @Test("The shared-context message inflates only after the first one (§7.2.3.2)")
    func sharedContextInflates() throws {
        let client = try self.codec(role: .client)
        #expect(try client.decompress(hex("f2 48 cd c9 c9 07 00")) == self.hello)
        #expect(try client.decompress(hex("f2 00 11 00 00")) == self.hello)
        let fresh = try self.codec(role: .client)
        #expect(throws: PerMessageDeflateError.self) { try fresh.decompress(hex("f2 00 11 00 00")) }
    }

    @Test(
        "Messages round-trip at every window size, with and without context takeover",
        arguments: [8, 9, 10, 12, 15], [false, true]
    )
    func roundTrip(bits: Int, noContext: Bool) throws {
        let agreement = PerMessageDeflateAgreement(
            serverNoContextTakeover: noContext,
            clientNoContextTakeover: noContext,
            serverMaxWindowBits: bits,
            clientMaxWindowBits: bits
        )
        let server = try self.codec(agreement, role: .server)
        let client = try self.codec(agreement, role: .client)
        let messages: [[UInt8]] = [
            self.hello, [], Self.farRepeats(), self.hello, Array(repeating: 0x61, count: 70_000),
        ]
        for message in messages {
            #expect(try client.decompress(server.compress(message)) == message)
            #expect(try server.decompress(client.compress(message)) == message)
        }
    }

    @Test("The trailing 00 00 ff ff is stripped from every compressed message (§7.2.1)")
    func tailIsStripped() throws {
        let server = try self.codec(role: .server)
        for message in [self.hello, Self.farRepeats(), pattern(100_000)] {
            let bytes = try server.compress(message)
            #expect(!bytes.suffix(4).elementsEqual(PerMessageDeflateCodec.tail))
        }
    }

    @Test("A peer that compresses with a wider window than agreed fails to inflate")
    func widerWindowThanAgreedFails() throws {
        let wide = try self.codec(.init(serverMaxWindowBits: 15), role: .server)
        let narrow = try self.codec(.init(serverMaxWindowBits: 9), role: .client)
        let payload = try wide.compress(Self.farRepeats())
        #expect(throws: PerMessageDeflateError.self) { try narrow.decompress(payload) }
        // The same message compressed within the agreed window inflates.
        let agreed = try self.codec(.init(serverMaxWindowBits: 9), role: .server)
        #expect(try narrow.decompress(agreed.compress(Self.farRepeats())) == Self.farRepeats())
    }

    @Test(
        "A window one step wider than agreed is caught when the distances use it",
        arguments: [(9, 700), (10, 1500), (12, 6000), (14, 24000), (15, 31000)]
    )
    func oneStepWiderFails(agreed: Int, distance: Int) throws {
        let message = Self.farRepeats(count: 2, distance: distance)
        let narrow = try self.codec(.init(serverMaxWindowBits: agreed), role: .client)
        if agreed < 15 {
            let wider = try self.codec(.init(serverMaxWindowBits: agreed + 1), role: .server)
            #expect(throws: PerMessageDeflateError.self) { _ = try narrow.decompress(wider.compress(message)) }
        }
        let fitting = try self.codec(.init(serverMaxWindowBits: agreed), role: .client)
        let honest = try self.codec(.init(serverMaxWindowBits: agreed), role: .server)
        #expect(try fitting.decompress(honest.compress(message)) == message)
    }

    @Test("Keeping the context after agreeing not to breaks the peer's inflater")
    func contextKeptAgainstAgreementFails() throws {
        let keeper = try self.codec(.init(), role: .server)
        let resetter = try self.codec(.init(serverNoContextTakeover: true), role: .client)
        let message = Self.farRepeats(count: 1)
        #expect(try resetter.decompress(keeper.compress(message)) == message)
        #expect(throws: PerMessageDeflateError.self) { try resetter.decompress(keeper.compress(message)) }
    }

    @Test("Inflating stops at the size limit")
    func sizeLimit() throws {
        let server = try self.codec(role: .server)
        let client = try self.codec(role: .client, limits: .init(maxDecompressedSize: 100_000))
        let bomb = try server.compress(Array(repeating: 0, count: 10_000_000))
        #expect(bomb.count < 20_000)
        let error = #expect(throws: PerMessageDeflateError.self) { try client.decompress(bomb) }
        #expect(error?.isSameKind(as: .decompressedTooLarge(limit: 0)) == true)
    }

    @Test("Inflating stops at the ratio limit")
    func ratioLimit() throws {
        let server = try self.codec(role: .server)
        let client = try self.codec(role: .client, limits: .init(maxRatio: 50, ratioFloor: 4096))
        let error = #expect(throws: PerMessageDeflateError.self) {
            try client.decompress(server.compress(Array(repeating: 0, count: 1_000_000)))
        }
        #expect(error?.isSameKind(as: .ratioTooHigh(limit: 0, inflated: 0, compressed: 0)) == true)
        // Ordinary text stays under the same limits.
        var generator = SplitMix(seed: 7)
        let words = ["quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "and", "runs", "far", "away"]
        let text = Array(
            (0..<2000).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ").utf8)
        let other = try self.codec(role: .client, limits: .init(maxRatio: 50, ratioFloor: 4096))
        #expect(try other.decompress(try self.codec(role: .server).compress(text)) == text)
    }

    @Test("The default limits pass deflate's most extreme honest ratio: 16 MiB of one byte (about 1028:1)")
    func defaultLimitsPassHonestExtremes() throws {
        let message = Array(repeating: UInt8(ascii: "*"), count: 16 << 20)
        let compressed = try self.codec(role: .server).compress(message)
        #expect(message.count / compressed.count > 1000)
        #expect(try self.codec(role: .client).decompress(compressed).count == message.count)
    }

    @Test("Random and truncated payloads never crash and stay within the limits")
    func hostilePayloads() throws {
        var generator = SplitMix(seed: 2026)
        let limits = PerMessageDeflateCodec.Limits(maxDecompressedSize: 50_000)
        let valid = try self.codec(role: .server).compress(Self.farRepeats())
        var accepted = 0
        for round in 0..<1500 {
            let client = try self.codec(role: .client, limits: limits)
            var payload: [UInt8]
            if round % 3 == 0 {
                payload = Array(valid.prefix(Int.random(in: 0..<valid.count, using: &generator)))
            } else {
                payload = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                #expect(try client.decompress(payload).count <= limits.maxDecompressedSize)
                accepted += round % 3 == 0 ? 1 : 0
            } catch {
                // After an error the codec starts afresh: a self-contained message inflates again.
                #expect(try client.decompress(hex("f2 48 cd c9 c9 07 00")) == self.hello)
            }
        }
        // A prefix of a message stops inside a block. The boundary check of §7.2.1 refuses most of them (without it,
        // 498 of these 500 inflate silently); a cut inside a block's code-length header still slips through.
        #expect(accepted < 100, "\(accepted) of 500 truncated messages inflated without an error")
    }

    @Test("Garbage does not inflate and says why")
    func garbageFails() throws {
        let client = try self.codec(role: .client)
        let error = #expect(throws: PerMessageDeflateError.self) { try client.decompress(hex("ff ff ff ff ff")) }
        #expect(error?.rfcSection == "RFC 7692 7.2.2")
    }

    @Test("Frames carry RSV1 on the first frame only (§6.1), with continuations and FIN last")
    func framing() {
        let frames = PerMessageDeflateCodec.frames(
            opcode: .text,
            compressedPayload: pattern(10),
            fragmentSize: 4,
            role: .client
        )
        #expect(frames.map(\.rsv1) == [true, false, false])
        #expect(frames.map(\.opcode) == [.text, .continuation, .continuation])
        #expect(frames.map(\.fin) == [false, false, true])
        #expect(frames.allSatisfy { $0.maskingKey != nil })
        #expect(frames.flatMap(\.payload) == pattern(10))
        let single = PerMessageDeflateCodec.frames(opcode: .binary, compressedPayload: [], role: .server)
        #expect(single.count == 1 && single[0].rsv1 && single[0].fin && single[0].maskingKey == nil)
    }

    @Test("Window bits outside 8...15 are refused")
    func badWindowBits() {
        #expect(throws: PerMessageDeflateError.self) {
            try PerMessageDeflateCodec(agreement: .init(serverMaxWindowBits: 16), role: .server)
        }
        #expect(throws: PerMessageDeflateError.self) {
            try PerMessageDeflateCodec(agreement: .init(clientMaxWindowBits: 7), role: .server)
        }
    }
}

/// A small seeded generator, so payloads are the same in every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
