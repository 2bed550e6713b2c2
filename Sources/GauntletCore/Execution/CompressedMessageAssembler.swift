import WebSocketWire

/// Reassembles and inflates the server's compressed messages once permessage-deflate is agreed (RFC 7692 §6.2).
///
/// A message is compressed when its first frame carries RSV1 (§6.1); its frames are joined, the trailing
/// `00 00 ff ff` restored and the whole inflated within the codec's size and ratio limits, so a "zip bomb" from a
/// hostile server ends as a violation, not as exhausted memory. Text is validated as UTF-8 after inflating
/// (RFC 6455 §8.1). Messages without RSV1 stay with the plain `MessageAssembler`: compression is per message.
struct CompressedMessageAssembler {
    private let codec: PerMessageDeflateCodec
    /// The most compressed octets one message may have before it is refused (RFC 6455 §10.4).
    private let maxMessageSize: Int
    private var open: (opcode: Opcode, payload: [UInt8])?

    init(codec: PerMessageDeflateCodec, maxMessageSize: Int) {
        self.codec = codec
        self.maxMessageSize = maxMessageSize
    }

    /// Whether `frame` belongs to a compressed message: it starts one (a data frame with RSV1) or continues one.
    /// The parser has already failed every frame that breaks the fragmentation rules (RFC 6455 §5.4).
    func claims(_ frame: Frame) -> Bool {
        self.open != nil ? frame.opcode == .continuation : frame.rsv1 && frame.opcode.isDataStart
    }

    /// Adds one frame of a compressed message; returns the inflated message when `parsed` is its last frame.
    mutating func push(_ parsed: ParsedFrame) -> [MessageAssembler.Event] {
        var message = self.open ?? (opcode: parsed.frame.opcode, payload: [])
        message.payload += parsed.frame.payload
        guard message.payload.count <= self.maxMessageSize else {
            self.open = nil
            return [
                .violation(
                    FrameViolation(
                        kind: .messageTooLarge,
                        detail: "a compressed message exceeds \(self.maxMessageSize) octets before inflating",
                        offset: parsed.offset
                    )
                )
            ]
        }
        guard parsed.frame.fin else {
            self.open = message
            return []
        }
        self.open = nil
        let inflated: [UInt8]
        do {
            inflated = try self.codec.decompress(message.payload)
        } catch {
            return [
                .violation(
                    FrameViolation(
                        kind: .undecompressable,
                        rfcSection: error.rfcSection,
                        detail: "a compressed message does not inflate: \(error.detail)",
                        offset: parsed.offset
                    )
                )
            ]
        }
        if message.opcode == .text, case .invalid(let offset) = UTF8Validator.validate(inflated) {
            return [
                .violation(
                    FrameViolation(
                        kind: .invalidUTF8,
                        detail: "an inflated text message is not valid UTF-8 at octet \(offset)",
                        offset: parsed.offset
                    )
                )
            ]
        }
        return [.message(opcode: message.opcode, payload: inflated)]
    }
}

extension FrameViolation.Kind {
    /// A compressed message that does not inflate within the agreed window and the harness's limits.
    public static let undecompressable = FrameViolation.Kind(rawValue: "undecompressable")
}
