/// One RFC 6455 rule the peer broke, recorded as data rather than thrown, so the judge can report every
/// violation with its section and byte offset and keep reading what the peer sends next. It conforms to `Error`
/// only so that `ClosePayload.parse` can return it in a `Result`.
public struct FrameViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule that was broken; an open set (like `Opcode`) so later modules can add kinds of their own.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// A stable identifier, suitable for reports and for matching in scenario files.
        public let rawValue: String

        /// Wraps any identifier, so other modules can define kinds of their own.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// A client received a masked frame; servers must not mask (§5.1).
        public static let maskedServerFrame = Kind(rawValue: "maskedServerFrame")
        /// A server received an unmasked frame; clients must mask every frame (§5.1).
        public static let unmaskedClientFrame = Kind(rawValue: "unmaskedClientFrame")
        /// RSV1, RSV2 or RSV3 was set without a negotiated extension that defines it (§5.2).
        public static let reservedBitSet = Kind(rawValue: "reservedBitSet")
        /// Opcode 0x3–0x7 or 0xB–0xF, which no extension defined (§5.2).
        public static let reservedOpcode = Kind(rawValue: "reservedOpcode")
        /// A control frame without FIN; control frames must not be fragmented (§5.5).
        public static let fragmentedControlFrame = Kind(rawValue: "fragmentedControlFrame")
        /// A control frame with more than 125 payload bytes (§5.5).
        public static let oversizedControlFrame = Kind(rawValue: "oversizedControlFrame")
        /// The payload length did not use the minimal number of bytes (§5.2).
        public static let nonMinimalLength = Kind(rawValue: "nonMinimalLength")
        /// A continuation frame arrived while no fragmented message was open (§5.4).
        public static let unexpectedContinuation = Kind(rawValue: "unexpectedContinuation")
        /// A new text or binary frame arrived while a fragmented message was still open (§5.4).
        public static let expectedContinuation = Kind(rawValue: "expectedContinuation")
        /// A close payload of one byte, which cannot hold a status code (§5.5.1).
        public static let invalidClosePayload = Kind(rawValue: "invalidClosePayload")
        /// A close code that must not appear on the wire or is invalid per the IANA registry (§7.4).
        public static let invalidCloseCode = Kind(rawValue: "invalidCloseCode")
        /// Invalid UTF-8 in a text message or a close reason (§5.6, §5.5.1, §8.1).
        public static let invalidUTF8 = Kind(rawValue: "invalidUTF8")
        /// The frame header announced more bytes than the configured maximum frame size (§10.4).
        public static let frameTooLarge = Kind(rawValue: "frameTooLarge")
        /// A reassembled message grew beyond the configured maximum message size (§10.4).
        public static let messageTooLarge = Kind(rawValue: "messageTooLarge")
        /// The most significant bit of a 64-bit payload length was set (§5.2).
        public static let lengthMostSignificantBitSet = Kind(rawValue: "lengthMostSignificantBitSet")

        /// The RFC 6455 section that states the rule this kind records; empty for kinds added elsewhere.
        public var defaultRFCSection: String {
            switch self {
            case .maskedServerFrame, .unmaskedClientFrame: return "5.1"
            case .reservedBitSet, .reservedOpcode, .nonMinimalLength, .lengthMostSignificantBitSet: return "5.2"
            case .unexpectedContinuation, .expectedContinuation: return "5.4"
            case .fragmentedControlFrame, .oversizedControlFrame: return "5.5"
            case .invalidClosePayload: return "5.5.1"
            case .invalidCloseCode: return "7.4.1"
            case .invalidUTF8: return "8.1"
            case .frameTooLarge, .messageTooLarge: return "10.4"
            default: return ""
            }
        }

        public var description: String {
            self.rawValue
        }
    }

    /// The rule that was broken.
    public var kind: Kind
    /// The RFC 6455 section stating the rule, for example "5.5".
    public var rfcSection: String
    /// A human sentence naming the rule and what the peer did.
    public var detail: String
    /// Stream byte offset where the offending frame starts, or of the offending byte when one can be named.
    public var offset: Int

    /// Creates a violation; `rfcSection` defaults to the section that defines `kind`.
    public init(kind: Kind, rfcSection: String? = nil, detail: String, offset: Int) {
        self.kind = kind
        self.rfcSection = rfcSection ?? kind.defaultRFCSection
        self.detail = detail
        self.offset = offset
    }

    /// The same violation with its offset moved by `delta` (from payload-relative to stream-relative).
    public func shifted(by delta: Int) -> FrameViolation {
        var copy = self
        copy.offset = self.offset &+ delta
        return copy
    }

    public var description: String {
        let section = self.rfcSection.hasPrefix("RFC") ? self.rfcSection : "RFC 6455 §\(self.rfcSection)"
        return "\(section) \(self.kind.rawValue) at byte \(self.offset): \(self.detail)"
    }
}
