import ArgumentParser
import Foundation
import Reporting

/// How results turn into the exit status, shared by `run`, `demo` and `merge` so the gate reads the same
/// everywhere.
struct GateOptions: ParsableArguments {
    @Flag(name: .long, inversion: .prefixedNo, help: "Count NON-STRICT as a failure (default: no).")
    var strict: Bool?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Comma-separated verdicts that never fail, e.g. 'UNCLEAN,WRONG-CODE'; "
                + "with --baseline, getting worse to one of them is no regression."
        )
    )
    var allow: String?

    @Option(name: .customLong("fail-on"), help: "Comma-separated verdicts that also fail, e.g. 'UNIMPLEMENTED'.")
    var failOn: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An earlier results.json or an expected-results file ({\"1.1.1\": \"OK\"}): "
                + "fail only on cases that got worse."
        )
    )
    var baseline: String?

    @Option(
        name: .long,
        help: "Report formats, comma-separated: json, junit, markdown, html, autobahn. Default: all but autobahn."
    )
    var format: String?

    func validate() throws {
        _ = try self.policy()
        _ = try self.formats()
    }

    func policy() throws -> GatePolicy {
        do {
            return try GatePolicy(
                strict: self.strict ?? false, failOn: Self.names(self.failOn), allow: Self.names(self.allow))
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func formats() throws -> [ReportFormat] {
        guard let format = self.format else { return ReportFormat.defaults }
        do {
            return try ReportFormat.parseList(format)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The baseline, read before any case runs so a bad file stops the run with exit status 2.
    func loadBaseline() throws(ReportFileError) -> Baseline? {
        guard let path = self.baseline else { return nil }
        return try Baseline.load(path: path)
    }

    static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}
