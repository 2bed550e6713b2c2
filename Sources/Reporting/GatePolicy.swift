import Foundation
import GauntletCore

/// Which outcomes fail a CI gate, so a team can start lenient and tighten (`--strict`, `--fail-on`) or accept a
/// known gap (`--allow`) without editing the catalogue.
///
/// The default fails a FAILED verdict and every close verdict that `CloseVerdict.isFailure` names. `allow` always
/// wins, so `--strict --allow NON-STRICT` passes NON-STRICT.
public struct GatePolicy: Sendable, Hashable, Codable {
    /// Verdicts that fail the gate.
    public var failingVerdicts: Set<Verdict>
    /// Close verdicts that fail the gate.
    public var failingCloseVerdicts: Set<CloseVerdict>
    /// Verdicts named in `--allow`: never a failure, and with a baseline, getting worse *to* one is no regression.
    public var allowedVerdicts: Set<Verdict> = []
    /// Close verdicts named in `--allow`.
    public var allowedCloseVerdicts: Set<CloseVerdict> = []

    /// FAILED and the failing close verdicts.
    public static let standard = GatePolicy(
        failingVerdicts: [.failed],
        failingCloseVerdicts: Set(CloseVerdict.allCases.filter(\.isFailure))
    )

    public init(failingVerdicts: Set<Verdict>, failingCloseVerdicts: Set<CloseVerdict>) {
        self.failingVerdicts = failingVerdicts
        self.failingCloseVerdicts = failingCloseVerdicts
    }

    /// The standard policy tuned by the command-line flags; `failOn` and `allow` name verdicts or close verdicts.
    public init(strict: Bool, failOn: [String] = [], allow: [String] = []) throws(GatePolicyError) {
        var policy = GatePolicy.standard
        if strict { policy.failingVerdicts.insert(.nonStrict) }
        for name in failOn {
            let (verdict, close) = try Self.parse(name)
            if let verdict { policy.failingVerdicts.insert(verdict) }
            if let close { policy.failingCloseVerdicts.insert(close) }
        }
        for name in allow {
            let (verdict, close) = try Self.parse(name)
            if let verdict {
                policy.failingVerdicts.remove(verdict)
                policy.allowedVerdicts.insert(verdict)
            }
            if let close {
                policy.failingCloseVerdicts.remove(close)
                policy.allowedCloseVerdicts.insert(close)
            }
        }
        self = policy
    }

    /// Whether a case with these verdicts fails the gate.
    public func fails(verdict: Verdict, closeVerdict: CloseVerdict) -> Bool {
        self.failingVerdicts.contains(verdict) || self.failingCloseVerdicts.contains(closeVerdict)
    }

    /// A name may be a verdict, a close verdict, or both (`OK`, `FAILED`, `INFORMATIONAL` are both); it is
    /// matched case-insensitively, with `_` or `-` standing for a space, so `wrong-code` reads as `WRONG CODE`.
    static func parse(_ name: String) throws(GatePolicyError) -> (Verdict?, CloseVerdict?) {
        let spelled = name.uppercased().replacingOccurrences(of: "_", with: " ")
        let verdict = Verdict(rawValue: spelled) ?? Verdict(rawValue: spelled.replacingOccurrences(of: " ", with: "-"))
        let close = CloseVerdict(rawValue: spelled.replacingOccurrences(of: "-", with: " "))
        guard verdict != nil || close != nil else {
            let known = (Verdict.allCases.map(\.rawValue) + CloseVerdict.allCases.map(\.rawValue))
            throw GatePolicyError(name: name, known: Array(Set(known)).sorted())
        }
        return (verdict, close)
    }

    /// One line for logs and reports, e.g. `fails on FAILED, NON-STRICT; close FAILED, UNCLEAN`.
    public var summary: String {
        let verdicts = Verdict.allCases.filter(self.failingVerdicts.contains).map(\.rawValue)
        let closes = CloseVerdict.allCases.filter(self.failingCloseVerdicts.contains).map(\.rawValue)
        let verdictText = verdicts.isEmpty ? "nothing" : verdicts.joined(separator: ", ")
        let closeText = closes.isEmpty ? "nothing" : closes.joined(separator: ", ")
        return "fails on \(verdictText); close \(closeText)"
    }
}

/// A verdict name in `--allow` or `--fail-on` that Gauntlet does not know.
public struct GatePolicyError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var known: [String]

    public var description: String {
        "unknown verdict '\(self.name)'; known verdicts: \(self.known.joined(separator: ", "))"
    }
}
