import GauntletCore

/// Writes JUnit XML, the format every CI system can show as test results: one `<testsuite>` per target and one
/// `<testcase>` per case, so a failed gate points at the case and its reason in the CI's own UI.
///
/// Follows the widely used Jenkins/Ant JUnit schema. Cases that fail the gate get `<failure>` with the reason and
/// the end of the transcript; UNIMPLEMENTED cases are `<skipped>`; everything else passes.
public enum JUnitWriter {
    /// Events of the transcript kept in a failure's body.
    static let excerptEvents = 24

    public static func render(_ reports: [RunReport]) -> String {
        var xml = XMLText()
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        let tests = reports.map(\.cases.count).reduce(0, +)
        let failures = reports.map(\.summary.failed).reduce(0, +)
        let skipped = reports.map { $0.cases.filter(Self.isSkipped).count }.reduce(0, +)
        let time = reports.map(\.durationMilliseconds).reduce(0, +)
        xml.open(
            "testsuites",
            [
                ("name", "gauntlet"), ("tests", "\(tests)"), ("failures", "\(failures)"), ("errors", "0"),
                ("skipped", "\(skipped)"), ("time", Self.seconds(time)),
            ]
        )
        for (index, report) in reports.enumerated() {
            self.suite(report, id: index, into: &xml)
        }
        xml.close("testsuites")
        return xml.text
    }

    private static func suite(_ report: RunReport, id: Int, into xml: inout XMLText) {
        xml.open(
            "testsuite",
            [
                ("name", report.agent), ("tests", "\(report.cases.count)"), ("failures", "\(report.summary.failed)"),
                ("errors", "0"), ("skipped", "\(report.cases.filter(Self.isSkipped).count)"),
                ("time", Self.seconds(report.durationMilliseconds)), ("timestamp", Self.timestamp(report.startedAt)),
                ("id", "\(id)"), ("package", "gauntlet"),
            ]
        )
        xml.open("properties", [])
        var properties = [("target", report.target), ("tool", report.tool), ("complete", "\(report.complete)")]
        if let gate = report.gate { properties.append(("gate", gate)) }
        for (name, value) in properties {
            xml.empty("property", [("name", name), ("value", value)])
        }
        xml.close("properties")
        for item in report.cases {
            let attributes = [
                ("name", "\(item.id) \(EventText.truncated(item.description, to: 200))"),
                ("classname", "\(report.agent).section\(item.section)"),
                ("time", Self.seconds(item.durationMilliseconds)),
            ]
            if item.failsGate {
                xml.open("testcase", attributes)
                let message = Self.failureMessage(item)
                xml.element("failure", [("message", message), ("type", Self.failureType(item))], Self.body(item))
                xml.close("testcase")
            } else if Self.isSkipped(item) {
                xml.open("testcase", attributes)
                xml.empty("skipped", [("message", "UNIMPLEMENTED: \(EventText.truncated(item.reason, to: 500))")])
                xml.close("testcase")
            } else {
                xml.empty("testcase", attributes)
            }
        }
        xml.element("system-out", [], "\(report.cases.count) cases against \(report.target)")
        xml.empty("system-err", [])
        xml.close("testsuite")
    }

    static func isSkipped(_ item: CaseReport) -> Bool {
        item.verdict == .unimplemented && !item.failsGate
    }

    /// The reason a person needs first: the failing verdict's reason, then the close reason if that failed too.
    static func failureMessage(_ item: CaseReport) -> String {
        var parts: [String] = []
        if item.verdict != .ok { parts.append("\(item.verdict.rawValue): \(item.reason)") }
        if item.closeVerdict != .ok { parts.append("close \(item.closeVerdict.rawValue): \(item.closeReason)") }
        return EventText.truncated(parts.joined(separator: " | "), to: 1000)
    }

    private static func failureType(_ item: CaseReport) -> String {
        item.verdict != .ok ? item.verdict.rawValue : "close \(item.closeVerdict.rawValue)"
    }

    /// Expectation, verdicts and the end of the timeline: enough to see why without opening the HTML.
    static func body(_ item: CaseReport) -> String {
        var lines = [
            "Case \(item.id): \(item.description)",
            "Expected: \(item.expectation)",
            "Verdict: \(item.verdict.rawValue): \(item.reason)",
            "Close: \(item.closeVerdict.rawValue): \(item.closeReason)",
        ]
        if let code = item.remoteCloseCode { lines.append("Target's close code: \(code)") }
        lines.append("Transcript (end):")
        lines += EventText.excerpt(item.events, limit: Self.excerptEvents).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    static func seconds(_ milliseconds: Double) -> String {
        let thousandths = Int((max(0, milliseconds)).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// JUnit's timestamp has no zone designator: `2026-11-23T00:57:00`.
    static func timestamp(_ iso: String) -> String {
        var text = iso
        if text.hasSuffix("Z") { text.removeLast() }
        return String(text.prefix(19))
    }
}
