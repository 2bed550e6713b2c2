import GauntletCore
import MessageSchema
import WebSocketWire

/// The fuzzer's judge: pure functions from what one input caused to the rules it broke, so every oracle is
/// unit-testable from a hand-made `Observation` and none needs a socket.
///
/// Per connection: the server must not break RFC 6455 itself, must answer or close within the limit (hang), and,
/// by the input's intent, must keep a valid session clean and answer invalid application input with the protocol's
/// error or a policy close. The campaign adds the process-level oracles (crash, liveness) that need the target.
public enum FuzzOracle {
    /// The oracles; each can be switched off per protocol (`OracleConfiguration`).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// The launched target exited or died on a signal.
        case crash
        /// No reply and no close within the limit, or the target stopped answering new connections.
        case hang
        /// The server itself broke RFC 6455 (bad frame, bad close, invalid UTF-8 in its text).
        case serverViolation = "server-violation"
        /// Valid input, and the server dropped TCP without a close frame.
        case uncleanDrop = "unclean-drop"
        /// Valid input answered with the protocol's error message (a code not allowed) or a 1011 close.
        case errorOnValid = "error-on-valid"
        /// A server message that is not valid against the protocol's schemas.
        case invalidServerMessage = "invalid-server-message"
        /// Invalid application input answered with neither the protocol's error nor a policy close.
        case invalidInputAccepted = "invalid-input-accepted"
    }

    /// One oracle that fired: which, a short signature that folds duplicates, and the detail for people.
    public struct Hit: Sendable, Hashable, Codable {
        public var oracle: Kind
        /// Stable across runs for the same defect ("signal 6", "error internal", "close 1002").
        public var signature: String
        public var detail: String

        public init(oracle: Kind, signature: String, detail: String) {
            self.oracle = oracle
            self.signature = signature
            self.detail = detail
        }

        /// The key duplicates fold on.
        public var key: String { "\(self.oracle.rawValue): \(self.signature)" }
    }

    /// The per-connection oracles for `input` and what was observed running it. Empty when the input never ran (the
    /// prelude failed or the handshake did not complete): that is the liveness probe's business, not the input's.
    public static func judge(
        _ input: FuzzInput, _ observation: Observation, configuration: OracleConfiguration, endpoint: EndpointCheck?
    ) -> [Hit] {
        guard case .upgraded = observation.handshake,
            let start = observation.received.firstIndex(of: .marker(FuzzInput.marker))
        else { return [] }
        let after = Array(observation.received[(start + 1)...])
        let closing = observation.closing
        let peerClosedTCP = Self.peerClosedTCP(observation)
        var hits: [Hit] = []
        func add(_ kind: Kind, _ signature: String, _ detail: String) {
            if configuration.enabled.contains(kind) {
                hits.append(Hit(oracle: kind, signature: signature, detail: detail))
            }
        }
        if let violation = observation.violations.first {
            add(
                .serverViolation, violation.kind.rawValue,
                "The server broke RFC 6455 §\(violation.rfcSection): \(violation.detail)")
        }
        if Self.wentSilent(input, observation) {
            add(
                .hang, "no answer on the connection",
                "Neither a reply nor a close frame nor the end of TCP came within the time limit after the input")
        }
        let replies = Self.replies(after, endpoint: endpoint)
        for reply in replies {
            if let problem = reply.problem {
                add(
                    .invalidServerMessage, "\(reply.name ?? "unknown"): \(problem)",
                    "A server message \(problem): \(reply.preview)")
            }
        }
        let errors = replies.filter { $0.name != nil && $0.name == configuration.errorMessage }
        let code = closing.serverCode?.rawValue
        switch input.intent {
        case .valid:
            if !closing.closeReceived && peerClosedTCP {
                let how = closing.resetByPeer ? "reset" : "FIN"
                add(
                    .uncleanDrop, "TCP \(how) without a close frame",
                    "Valid input, and the server ended TCP (\(how)) without a close frame (RFC 6455 §7.1.1)")
            }
            if code == CloseCode.internalError.rawValue {
                add(.errorOnValid, "close 1011", "Valid input, and the server closed with 1011 (internal error)")
            }
            for error in errors {
                let errorCode = Self.errorCode(error.value, configuration)
                if !configuration.allowedErrorCodes.contains(errorCode) {
                    add(
                        .errorOnValid, "error \(errorCode)",
                        "Valid input, and the server answered with an error: \(error.preview)")
                }
            }
        case .invalidApplication:
            let policyClose = closing.closeReceived && code.map { configuration.policyCloseCodes.contains($0) } == true
            let hung = hits.contains { $0.oracle == .hang }
            if errors.isEmpty && !policyClose && !hung && !input.sendsClose
                && !Self.onlyRepeatsKeys(input, endpoint: endpoint, configuration: configuration)
            {
                let what: String
                if let code, closing.closeReceived, !closing.closedByHarness {
                    what = "close \(code)"
                } else if peerClosedTCP && !closing.closeReceived {
                    what = "TCP dropped"
                } else if let first = replies.first {
                    what = "reply \(first.name ?? "unknown")"
                } else {
                    what = "no answer"
                }
                let codes = configuration.policyCloseCodes.sorted().map(String.init).joined(separator: ", ")
                let error = configuration.errorMessage.map { "the '\($0)' message" } ?? "an error message"
                add(
                    .invalidInputAccepted, what,
                    "Invalid input (\(input.note)) got \(what), not \(error) or a close with \(codes)")
            }
        case .invalidWire:
            break
        }
        return hits
    }

    /// The per-connection hang: after an input that leaves no frame open, neither a close frame nor the end of TCP
    /// came, and the harness had to drop the connection.
    static func wentSilent(_ input: FuzzInput, _ observation: Observation) -> Bool {
        guard case .upgraded = observation.handshake,
            observation.received.contains(.marker(FuzzInput.marker))
        else { return false }
        let closing = observation.closing
        return !input.leavesFrameOpen && !closing.closeReceived && closing.droppedByHarness
            && !closing.failedByHarness && !Self.peerClosedTCP(observation)
    }

    /// Whether the server ended TCP (a FIN or a reset), with or without a close frame.
    private static func peerClosedTCP(_ observation: Observation) -> Bool {
        observation.events.contains {
            if case .tcpClosedByPeer = $0.kind { true } else { false }
        }
    }

    /// Whether the input is invalid only because a message repeats a key, and the protocol lets servers accept that
    /// (`refuse_duplicate_keys: false`): then accepting it is no finding.
    static func onlyRepeatsKeys(
        _ input: FuzzInput, endpoint: EndpointCheck?, configuration: OracleConfiguration
    )
        -> Bool
    {
        guard !configuration.refusesDuplicateKeys, let endpoint else { return false }
        let wire = WireCheck.check(input.wireBytes)
        guard wire.isValid, wire.isComplete else { return false }
        let invalid = wire.messages.filter { !endpoint.isValid($0) }
        return !invalid.isEmpty && invalid.allSatisfy { endpoint.isValidButForDuplicateKeys($0) }
    }

    /// A server text message, classified against the protocol when there is one.
    struct Reply {
        var name: String?
        var value: JSONValue?
        var problem: String?
        var preview: String
    }

    static func replies(_ events: [ApplicationEvent], endpoint: EndpointCheck?) -> [Reply] {
        events.compactMap { event -> Reply? in
            guard case .text(let bytes) = event else { return nil }
            let preview = String(decoding: bytes.prefix(200), as: UTF8.self)
            guard let endpoint else { return Reply(name: nil, value: nil, problem: nil, preview: preview) }
            let (name, value, problem) = endpoint.classifyServerMessage(bytes)
            return Reply(name: name, value: value, problem: problem, preview: preview)
        }
    }

    static func errorCode(_ value: JSONValue?, _ configuration: OracleConfiguration) -> String {
        guard let value, let pointer = JSONPointer(configuration.errorCodePointer),
            let code = pointer.resolve(in: value)
        else { return "without a code" }
        return code.stringValue ?? code.description
    }
}
