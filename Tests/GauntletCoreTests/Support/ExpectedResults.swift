import Foundation
import GauntletCore

/// A checked-in file of the verdicts one server gets, per case, as tungstenite-rs keeps its expected-results.json:
/// a changed verdict fails the test, so CI notices a regression in the harness or in the server.
struct ExpectedResults: Decodable {
    var server: String
    var note: String?
    /// Accepted "EVENTS/CLOSE" verdict pairs for cases not listed.
    var `default`: [String]
    /// Accepted "EVENTS/CLOSE" verdict pairs per case id; more than one where scheduling decides.
    var cases: [String: [String]]

    /// Loads `expected-results/<name>.json` from the package root.
    static func load(_ name: String) throws -> ExpectedResults {
        let url = ThirdPartyServer.packageRoot.appendingPathComponent("expected-results/\(name).json")
        return try JSONDecoder().decode(ExpectedResults.self, from: Data(contentsOf: url))
    }

    /// One line per case whose verdicts are not among those accepted for it, empty when all match.
    func mismatches(_ results: [CaseResult]) -> [String] {
        var lines: [String] = []
        for result in results {
            let judgement = result.judgement
            let got = "\(judgement.verdict.rawValue)/\(judgement.closeVerdict.rawValue)"
            let accepted = self.cases[result.testCase.id.rawValue] ?? self.default
            if !accepted.contains(got) {
                lines.append(
                    "\(result.testCase.id): got \(got), expected \(accepted): \(judgement.reason) / \(judgement.closeReason)"
                )
            }
        }
        return lines
    }

    /// Listed ids that are not in the catalogue, so a renamed case cannot hide in the file.
    func unknownIDs(in catalogue: [Case]) -> [String] {
        let ids = Set(catalogue.map(\.id.rawValue))
        return self.cases.keys.filter { !ids.contains($0) }.sorted()
    }
}
