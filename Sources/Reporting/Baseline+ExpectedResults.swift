import Foundation
import GauntletCore

extension Baseline {
    /// Reads the form the test suite keeps per example server in `expected-results/<name>.json`:
    /// `{"default": ["OK/OK"], "cases": {"6.4.1": ["NON-STRICT/OK"], "3.2": ["NON-STRICT/OK", "OK/OK"]}}`, verdicts
    /// written `VERDICT/CLOSE VERDICT`, several when a server may get either.
    ///
    /// So `baseline: expected-results/{target}.json` in a config gates each example target against exactly what
    /// its tests accept. Of several accepted outcomes the worst is the bar: anything no worse is no regression.
    static func loadExpectedResultsFile(_ bytes: [UInt8], path: String) throws(ReportFileError) -> Baseline {
        let file = try ReportFileError.decode(ExpectedResultsFile.self, from: bytes, path: path)
        var expectations: [String: Expected] = [:]
        for (id, outcomes) in file.cases {
            expectations[id] = try Self.worst(outcomes, path: path, id: id)
        }
        var baseline = Baseline(path: path, expectations: expectations)
        if let fallback = file.default {
            baseline.fallback = try Self.worst(fallback, path: path, id: "default")
        }
        return baseline
    }

    private struct ExpectedResultsFile: Decodable {
        var `default`: [String]?
        var cases: [String: [String]]
    }

    /// The worst of `outcomes` (each `VERDICT/CLOSE`), verdict and close verdict each at their worst.
    private static func worst(_ outcomes: [String], path: String, id: String) throws(ReportFileError) -> Expected {
        var verdict: Verdict?
        var close: CloseVerdict?
        for outcome in outcomes {
            let parts = outcome.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let first = Verdict(rawValue: parts[0]),
                let second = CloseVerdict(rawValue: parts[1])
            else {
                throw ReportFileError(
                    path: path, position: nil,
                    message: "\(id): '\(outcome)' is not VERDICT/CLOSE VERDICT, e.g. 'NON-STRICT/OK' or 'OK/WRONG CODE'"
                )
            }
            verdict = verdict.map { max($0, first) } ?? first
            close = close.map { $0.severity >= second.severity ? $0 : second } ?? second
        }
        guard let verdict else {
            throw ReportFileError(path: path, position: nil, message: "\(id): lists no accepted outcome")
        }
        return Expected(verdict: verdict, closeVerdict: close)
    }
}
