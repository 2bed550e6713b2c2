import NIOCore
import NIOWebSocket
import WebSocketWire

/// The server's permessage-deflate state for one connection (RFC 7692): what it answered in the handshake and the
/// codec it compresses and inflates with. The faults live here, each bending one rule, so `EchoStateMachine` only
/// asks "inflate this" and "frame this".
struct DeflateSession {
    /// The `Sec-WebSocket-Extensions` value for the 101 response.
    let responseHeader: String
    private let codec: PerMessageDeflateCodec
    private let splitsWithRSV1: Bool
    private let ignoresCorruptMessages: Bool

    /// What the server answers to a request's extension offers, and the agreement its codec should use (which a
    /// fault may make differ from the answer). Nil when permessage-deflate is not to be used.
    static func negotiate(
        offers headerValues: [String],
        configuration: ReferenceServerConfiguration
    ) -> (header: String, codecAgreement: PerMessageDeflateAgreement)? {
        guard configuration.permessageDeflate else {
            return nil
        }
        let faults = configuration.faults
        // A header that breaks the §9.1 grammar offers nothing we can accept.
        let elements = (try? ExtensionHeader.parse(headerValues)) ?? []
        guard let acceptance = PerMessageDeflateNegotiation.accept(offers: elements) else {
            let offered = elements.contains { $0.name.lowercased() == PerMessageDeflateParameters.extensionName }
            if faults.contains(.deflateAnswerWithoutOffer) || (offered && faults.contains(.deflateAcceptInvalidOffer)) {
                return (PerMessageDeflateParameters().description, PerMessageDeflateAgreement())
            }
            return nil
        }
        let offers = PerMessageDeflateParameters.offers(in: elements)
        var response = acceptance.response
        var agreement = acceptance.agreement
        let accepted = try? offers[acceptance.offerIndex].get()
        if faults.contains(.deflateServerWindowAboveOffer), let offered = accepted?.serverMaxWindowBits, offered < 15 {
            response.serverMaxWindowBits = offered + 1
        }
        if faults.contains(.deflateDropServerNoContextTakeover), accepted?.serverNoContextTakeover == true {
            response.serverNoContextTakeover = false
            agreement.serverNoContextTakeover = false
        }
        if faults.contains(.deflateIgnoreNoContextTakeover) {
            response.serverNoContextTakeover = true
            agreement.serverNoContextTakeover = false
        }
        if faults.contains(.deflateWindowBiggerThanAgreed) {
            response.serverMaxWindowBits = min(response.serverMaxWindowBits ?? 15, 9)
            agreement.serverMaxWindowBits = 15
        }
        if faults.contains(.deflateClientWindowOutsideOffer) {
            let offer = PerMessageDeflateParameters.offers(in: elements)[acceptance.offerIndex]
            switch (try? offer.get())?.clientMaxWindowBits {
            case nil:
                response.clientMaxWindowBits = .bits(15)  // not offered at all
            case .bits(let bits) where bits < 15:
                response.clientMaxWindowBits = .bits(bits + 1)  // above the offered value
            default:
                response.clientMaxWindowBits = .noValue  // a response must carry a value
            }
        }
        var header = response.description
        if faults.contains(.deflateAnswerEveryOffer) {
            let others = offers.indices.filter { $0 != acceptance.offerIndex && (try? offers[$0].get()) != nil }
            header += others.map { _ in ", " + response.description }.joined()
        }
        return (header, agreement)
    }

    /// The session for a request's offers: nil when permessage-deflate is not agreed; throws when it is agreed but
    /// zlib cannot start, so the upgrade fails instead of leaving a client that was promised compression without it.
    static func make(
        offers headerValues: [String],
        configuration: ReferenceServerConfiguration
    ) throws(PerMessageDeflateError) -> DeflateSession? {
        guard let (header, agreement) = Self.negotiate(offers: headerValues, configuration: configuration) else {
            return nil
        }
        let limits = PerMessageDeflateCodec.Limits(maxDecompressedSize: configuration.maxMessageSize)
        return DeflateSession(
            responseHeader: header,
            // zlib's fastest level, as the harness uses: an echo server's job is to answer correctly, and in
            // sections 12 and 13 default-level compression with a 512-byte window was most of a run's time.
            codec: try PerMessageDeflateCodec(
                agreement: agreement, role: .server, limits: limits, compressionLevel: 1),
            splitsWithRSV1: configuration.faults.contains(.deflateRSV1OnContinuation),
            ignoresCorruptMessages: configuration.faults.contains(.deflateIgnoreCorruptMessage)
        )
    }

    /// The outcome of inflating one message.
    enum Inflated {
        case success(ByteBuffer)
        case failure(ConnectionFailure)
        /// The message is dropped without a word (the `deflate-ignore-corrupt-message` fault).
        case dropped
    }

    /// Inflates a whole compressed message (§7.2.2); a payload that does not inflate fails the connection.
    func inflate(_ payload: ByteBuffer, allocator: ByteBufferAllocator) -> Inflated {
        do throws(PerMessageDeflateError) {
            let bytes = try self.codec.decompress(Array(payload.readableBytesView))
            return .success(allocator.buffer(bytes: bytes))
        } catch {
            if error.isSameKind(as: .decompressedTooLarge(limit: 0)) {
                return .failure(ConnectionFailure.tooBig(error.detail))
            }
            if self.ignoresCorruptMessages {
                return .dropped
            }
            return .failure(ConnectionFailure.protocolError(error.rfcSection, error.detail))
        }
    }

    /// Compresses one outbound message into frames: one frame with RSV1 (§6.1), or, with the fault, two frames that
    /// both carry RSV1. Nil when zlib fails, which the caller treats as an internal error.
    func frames(
        opcode: WebSocketOpcode,
        payload: ByteBuffer,
        allocator: ByteBufferAllocator,
        maskingKey: () -> WebSocketMaskingKey?
    ) -> [WebSocketFrame]? {
        guard let compressed = try? self.codec.compress(Array(payload.readableBytesView)) else {
            return nil
        }
        guard self.splitsWithRSV1, compressed.count >= 2 else {
            return [
                WebSocketFrame(
                    fin: true, rsv1: true, opcode: opcode, maskKey: maskingKey(),
                    data: allocator.buffer(bytes: compressed))
            ]
        }
        let half = compressed.count / 2
        return [
            WebSocketFrame(
                fin: false, rsv1: true, opcode: opcode, maskKey: maskingKey(),
                data: allocator.buffer(bytes: compressed[..<half])),
            WebSocketFrame(
                fin: true, rsv1: true, opcode: .continuation, maskKey: maskingKey(),
                data: allocator.buffer(bytes: compressed[half...])),
        ]
    }
}

extension ConnectionFailure {
    /// zlib failed on our own output: an internal error (RFC 6455 §7.4.1 code 1011), not the peer's fault.
    static let deflateFailed = ConnectionFailure(
        code: .internalError,
        rfcSection: "RFC 7692 §7.2.1",
        detail: "compressing the echo failed"
    )
}
