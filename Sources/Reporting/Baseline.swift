import Foundation
import GauntletCore

/// The outcomes a team has accepted, so CI fails on what got worse rather than on every known gap
/// (`--baseline FILE`).
///
/// The file is an earlier `results.json`, an expected-results file, `{"6.4.1": "OK", "7.1.6":
/// {"verdict": "NON-STRICT", "closeVerdict": "OK"}}` (a bare verdict leaves the close verdict unchecked), or an
/// Autobahn|Testsuite `index.json` of one agent.
public struct Baseline: Sendable {
    /// One accepted outcome.
    public struct Expected: Sendable, Hashable, Codable {
        public var verdict: Verdict
        /// Nil when the baseline does not care how the connection closed.
        public var closeVerdict: CloseVerdict?

        public init(verdict: Verdict, closeVerdict: CloseVerdict?) {
            self.verdict = verdict
            self.closeVerdict = closeVerdict
        }

        public init(from decoder: any Decoder) throws {
            if let verdict = try? decoder.singleValueContainer().decode(Verdict.self) {
                self.init(verdict: verdict, closeVerdict: nil)
                return
            }
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                let known = Verdict.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a verdict (\(known))")
                )
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                verdict: try container.decode(Verdict.self, forKey: .verdict),
                closeVerdict: try container.decodeIfPresent(CloseVerdict.self, forKey: .closeVerdict)
            )
        }
    }

    /// Where it was read from, for messages.
    public var path: String
    /// By case id.
    public var expectations: [String: Expected]
    /// What every case the file does not list must get (the tests' `expected-results/*.json` say `default`);
    /// nil leaves unlisted cases to the plain gate.
    public var fallback: Expected?

    public init(path: String, expectations: [String: Expected]) {
        self.path = path
        self.expectations = expectations
    }

    /// The accepted outcomes of an earlier run, verdict and close verdict of every case.
    public init(path: String, report: RunReport) {
        self.path = path
        self.expectations = Dictionary(
            report.cases.map { ($0.id, Expected(verdict: $0.verdict, closeVerdict: $0.closeVerdict)) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// The accepted outcome of case `id`: its own, or the file's default.
    public func expected(for id: String) -> Expected? {
        self.expectations[id] ?? self.fallback
    }

    /// Reads either form, telling them apart by `formatVersion`, which only a results file has.
    public static func load(path: String, maxBytes: Int = 256 << 20) throws(ReportFileError) -> Baseline {
        let bytes = try ReportFileError.readBounded(path: path, maxBytes: maxBytes)
        let probe = try ReportFileError.decode([String: IgnoredValue].self, from: bytes, path: path)
        if probe["formatVersion"] != nil {
            return Baseline(path: path, report: try ReportReader(maxBytes: maxBytes).decode(bytes, path: path))
        }
        if probe["cases"] != nil, probe["default"] != nil || probe["server"] != nil {
            return try self.loadExpectedResultsFile(bytes, path: path)
        }
        if (try? JSONDecoder().decode([String: [String: AutobahnProbe]].self, from: Data(bytes))) != nil,
            !probe.isEmpty
        {
            return try self.loadAutobahnIndex(bytes, path: path)
        }
        let expectations = try ReportFileError.decode([String: Expected].self, from: bytes, path: path)
        return Baseline(path: path, expectations: expectations)
    }

    /// An Autobahn|Testsuite `index.json` of one agent, so a team moving from Autobahn gates against the results
    /// it already has: `behavior` is the verdict and `behaviorClose` the close verdict.
    private static func loadAutobahnIndex(_ bytes: [UInt8], path: String) throws(ReportFileError) -> Baseline {
        let index = try ReportFileError.decode([String: [String: AutobahnEntry]].self, from: bytes, path: path)
        guard index.count == 1, let cases = index.first?.value else {
            throw ReportFileError(
                path: path,
                position: nil,
                message: "an Autobahn index.json baseline must hold one agent; this one has "
                    + index.keys.sorted().joined(separator: ", ")
            )
        }
        return Baseline(
            path: path,
            expectations: cases.mapValues { Expected(verdict: $0.behavior, closeVerdict: $0.behaviorClose) }
        )
    }

    /// Just enough of an Autobahn index entry to recognise one.
    private struct AutobahnProbe: Decodable {
        var behavior: String
    }

    /// The two verdicts of an Autobahn index entry.
    private struct AutobahnEntry: Decodable {
        var behavior: Verdict
        var behaviorClose: CloseVerdict
    }

    /// The expected-results file for `report`: one case per line, in case order, so a diff shows what moved.
    public static func expectedResultsText(for report: RunReport) -> String {
        let sorted = report.cases.sorted { CaseID($0.id) < CaseID($1.id) }
        let lines = sorted.map { item in
            "  \(Self.quote(item.id)): {\"verdict\": \(Self.quote(item.verdict.rawValue)), "
                + "\"closeVerdict\": \(Self.quote(item.closeVerdict.rawValue))}"
        }
        return lines.isEmpty ? "{}\n" : "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Compares a run with this baseline: what got worse, what got better, and what is new or missing.
    public func compare(_ report: RunReport, policy: GatePolicy) -> BaselineComparison {
        var comparison = BaselineComparison(baselinePath: self.path)
        let ran = Set(report.cases.map(\.id))
        for item in report.cases {
            guard let expected = self.expected(for: item.id) else {
                comparison.newCases.append(item.id)
                continue
            }
            let verdictWorse = item.verdict > expected.verdict
            let verdictBetter = item.verdict < expected.verdict
            let closeRank = item.closeVerdict.severity
            let closeWorse = expected.closeVerdict.map { closeRank > $0.severity } ?? false
            let closeBetter = expected.closeVerdict.map { closeRank < $0.severity } ?? false
            let change = BaselineComparison.Change(
                id: item.id,
                before: expected.verdict.rawValue + (expected.closeVerdict.map { " / close \($0.rawValue)" } ?? ""),
                after: item.verdict.rawValue + " / close \(item.closeVerdict.rawValue)",
                reason: verdictWorse || (!closeWorse && verdictBetter) ? item.reason : item.closeReason,
                failsGate: (verdictWorse && !policy.allowedVerdicts.contains(item.verdict))
                    || (closeWorse && !policy.allowedCloseVerdicts.contains(item.closeVerdict))
            )
            if verdictWorse || closeWorse {
                comparison.regressions.append(change)
            } else if verdictBetter || closeBetter {
                comparison.improvements.append(change)
            }
        }
        comparison.missingCases = self.expectations.keys.filter { !ran.contains($0) }.sorted { CaseID($0) < CaseID($1) }
        return comparison
    }

    /// `text` as a JSON string literal, with every control character escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Accepts any JSON value; used to look at a file's top-level keys only.
    private struct IgnoredValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}

extension CloseVerdict {
    /// Best to worst, for "did the close get worse": a clean close, an open question, then the failures from the
    /// mildest (the closing handshake completed but TCP lingered) to the worst (no proper close at all).
    var severity: Int {
        switch self {
        case .ok: 0
        case .informational: 1
        case .failedByClient: 2
        case .wrongCode: 3
        case .unclean: 4
        case .failed: 5
        }
    }
}
