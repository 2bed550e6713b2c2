/// The body of a close frame (RFC 6455 §5.5.1): an optional status code followed by a UTF-8 reason.
/// Parsing is strict about the wire rules so the judge can name which part of a peer's close was wrong.
public struct ClosePayload: Hashable, Sendable {
    /// The status code, or nil for an empty close payload (which means "no status", 1005, to the API).
    public var code: CloseCode?
    /// The reason bytes exactly as received; valid UTF-8 after a successful `parse`.
    public var reason: [UInt8]

    /// Creates a payload from its parts; a reason without a code cannot be encoded and is dropped by `encoded()`.
    public init(code: CloseCode?, reason: [UInt8] = []) {
        self.code = code
        self.reason = reason
    }

    /// Creates a payload with a textual reason.
    public init(code: CloseCode?, reason: String) {
        self.init(code: code, reason: Array(reason.utf8))
    }

    /// The reason decoded as UTF-8, or nil when the bytes are not valid UTF-8.
    public var reasonText: String? {
        guard UTF8Validator.validate(self.reason) == .valid else {
            return nil
        }
        return String(decoding: self.reason, as: UTF8.self)
    }

    /// The payload bytes: big-endian code then reason; empty when there is no code (§5.5.1).
    public func encoded() -> [UInt8] {
        guard let code = self.code else {
            return []
        }
        var bytes: [UInt8] = [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        bytes.append(contentsOf: self.reason)
        return bytes
    }

    /// Parses a close payload and applies RFC 6455 §5.5.1 and §7.4: length 0 or at least 2, a code that may
    /// appear on the wire, and a UTF-8 reason. Violation offsets count from the first payload byte; the
    /// frame parser shifts them to stream offsets.
    public static func parse(_ payload: [UInt8]) -> Result<ClosePayload, FrameViolation> {
        if payload.isEmpty {
            return .success(ClosePayload(code: nil))
        }
        guard payload.count >= 2 else {
            return .failure(
                FrameViolation(
                    kind: .invalidClosePayload,
                    detail: "A close payload must be empty or start with a 2-byte status code; it had 1 byte.",
                    offset: 0
                )
            )
        }
        let code = CloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.mayAppearOnWire else {
            let why =
                code.category == .notOnWire
                ? "is reserved for APIs and must never be sent in a close frame"
                : "is not a valid close code per the IANA registry"
            return .failure(
                FrameViolation(
                    kind: .invalidCloseCode,
                    detail: "Close code \(code.rawValue) \(why).",
                    offset: 0
                )
            )
        }
        let reason = Array(payload[2...])
        switch UTF8Validator.validate(reason) {
        case .valid, .incomplete:
            return .success(ClosePayload(code: code, reason: reason))
        case .invalid(let offset):
            return .failure(
                FrameViolation(
                    kind: .invalidUTF8,
                    rfcSection: "5.5.1",
                    detail: "The close reason is not valid UTF-8 (byte \(offset) of the reason).",
                    offset: offset &+ 2
                )
            )
        }
    }
}
