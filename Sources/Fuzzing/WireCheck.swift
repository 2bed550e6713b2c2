import WebSocketWire

/// Reads a fuzz input's bytes the way a strict server must (RFC 6455 §5 and §7, client to server) and says whether
/// they are valid traffic, whether they end on a frame boundary, and which complete messages they carry.
///
/// The fuzzer labels every input with this rather than with the intent of the mutation that made it: a mutation
/// meant to break a rule can happen to produce valid traffic, and the oracles must judge by what was really sent.
public enum WireCheck {
    /// What a strict reading of the bytes found.
    public struct Result: Sendable, Hashable {
        /// No RFC 6455 rule is broken (up to the first close frame, after which nothing may follow).
        public var isValid: Bool
        /// The bytes end on a frame boundary, so the server is not left waiting for the rest of a frame.
        public var isComplete: Bool
        /// Complete messages, in order, whatever their validity as application messages.
        public var messages: [Message]
        /// The broken rules, in stream order.
        public var violations: [FrameViolation.Kind]
        /// The bytes include a close frame: the client starts the closing handshake itself.
        public var containsClose = false
        /// A fragmented message is still open at the end: its application never sees it, and a server may fail
        /// it at once or wait for the rest (Autobahn's NON-STRICT), so its bad text proves nothing either way.
        public var endsInsideMessage = false
        /// The only broken rule is invalid UTF-8 in a text message: an application-level problem that servers
        /// answer with close code 1007 (RFC 6455 §8.1), not a framing error.
        public var onlyInvalidText: Bool {
            !self.violations.isEmpty && self.violations.allSatisfy { $0 == .invalidUTF8 }
        }
    }

    /// One reassembled message.
    public struct Message: Sendable, Hashable {
        public var opcode: Opcode
        public var payload: [UInt8]
    }

    /// Checks `bytes` as a client's frames; messages larger than `maxMessageSize` count as a violation (§10.4).
    public static func check(_ bytes: [UInt8], maxMessageSize: Int = 16 << 20) -> Result {
        var parser = FrameParser(configuration: .init(maxFrameSize: maxMessageSize, expectMasked: true))
        var assembler = MessageAssembler(maxMessageSize: maxMessageSize)
        parser.append(bytes)
        var result = Result(isValid: true, isComplete: true, messages: [], violations: [])
        var closed = false
        var end = 0
        while let parsed = parser.next() {
            end = parsed.offset + parsed.byteCount
            if closed {
                result.violations.append(FrameViolation.Kind(rawValue: "frameAfterClose"))
                continue
            }
            result.violations += parsed.violations.map(\.kind)
            let frame = parsed.frame
            if frame.opcode == .close {
                closed = true
                result.containsClose = true
                if case .failure(let violation) = ClosePayload.parse(frame.payload) {
                    result.violations.append(violation.kind)
                }
                continue
            }
            for event in assembler.push(parsed) {
                switch event {
                case .message(let opcode, let payload):
                    result.messages.append(Message(opcode: opcode, payload: payload))
                case .violation(let violation): result.violations.append(violation.kind)
                }
            }
        }
        result.endsInsideMessage = assembler.isAssembling
        if let fatal = parser.fatalViolation {
            result.violations.append(fatal.kind)
        }
        // The parser keeps a partial header in its state, not its buffer: compare where the last frame ended.
        result.isComplete = end == bytes.count && parser.fatalViolation == nil
        result.isValid = result.violations.isEmpty && result.isComplete
        return result
    }
}
