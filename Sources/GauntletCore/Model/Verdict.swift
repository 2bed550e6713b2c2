/// How a target behaved in a case, in Autobahn|Testsuite's vocabulary so its users read our reports unchanged.
public enum Verdict: String, Sendable, Codable, CaseIterable, Comparable {
    /// The target did exactly what the RFC says.
    case ok = "OK"
    /// The target did something the RFC permits but does not prefer, such as failing late instead of fast.
    case nonStrict = "NON-STRICT"
    /// Recorded for information; the RFC leaves the behaviour open.
    case informational = "INFORMATIONAL"
    /// The target does not implement an optional feature the case needs.
    case unimplemented = "UNIMPLEMENTED"
    /// The target broke a rule.
    case failed = "FAILED"

    /// Whether this verdict fails a CI gate.
    public var isFailure: Bool { self == .failed }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .informational: 1
        case .unimplemented: 2
        case .nonStrict: 3
        case .failed: 4
        }
    }

    /// Orders from best to worst, so "worse than the baseline" is a comparison.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// How the connection ended, judged apart from the messages because a server can echo perfectly and still close
/// wrongly (RFC 6455 §7).
public enum CloseVerdict: String, Sendable, Codable, CaseIterable {
    /// The closing handshake went as the RFC requires.
    case ok = "OK"
    /// The wrong endpoint started the close, or the connection ended without one where one was required.
    case failed = "FAILED"
    /// The connection ended without a complete closing handshake where a clean close is required.
    case unclean = "UNCLEAN"
    /// The server's close code is outside the codes the case allows.
    case wrongCode = "WRONG CODE"
    /// The server never closed TCP after the closing handshake, so the harness had to (RFC 6455 §7.1.1).
    case failedByClient = "FAILED BY CLIENT"
    /// The RFC leaves the close behaviour open in this case.
    case informational = "INFORMATIONAL"

    /// Whether this close verdict fails a CI gate.
    public var isFailure: Bool {
        switch self {
        case .ok, .informational: false
        case .failed, .unclean, .wrongCode, .failedByClient: true
        }
    }
}
