import Foundation
import GauntletCore

/// Writes Autobahn|Testsuite's report layout, `index.json` plus one JSON file per case, so the jq and diff
/// scripts teams already run over Autobahn output keep working on Gauntlet's.
///
/// `index.json` is `{agent: {caseId: {behavior, behaviorClose, duration, remoteCloseCode, reportfile}}}`.
/// Per-case files carry Autobahn's main fields; `wirelog` holds hex instead of raw octets so the file stays
/// valid UTF-8.
public enum AutobahnWriter {
    /// One index entry, spelled as Autobahn spells it.
    struct IndexEntry: Encodable {
        var behavior: String
        var behaviorClose: String
        var duration: Int
        var remoteCloseCode: UInt16?
        var reportfile: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.behavior, forKey: .behavior)
            try container.encode(self.behaviorClose, forKey: .behaviorClose)
            try container.encode(self.duration, forKey: .duration)
            try container.encode(self.remoteCloseCode, forKey: .remoteCloseCode)
            try container.encode(self.reportfile, forKey: .reportfile)
        }

        enum CodingKeys: String, CodingKey {
            case behavior, behaviorClose, duration, remoteCloseCode, reportfile
        }
    }

    /// One per-case file.
    struct CaseFile: Encodable {
        var agent: String
        var behavior: String
        var behaviorClose: String
        var `case`: Int
        var description: String
        var duration: Int
        var expectation: String
        var id: String
        var isServer = false
        var remoteCloseCode: UInt16?
        var remoteCloseReason: String?
        var result: String
        var resultClose: String
        var started: String
        var httpResponse: String
        var wirelog: [[String]]
        var timeline: [String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.agent, forKey: .agent)
            try container.encode(self.behavior, forKey: .behavior)
            try container.encode(self.behaviorClose, forKey: .behaviorClose)
            try container.encode(self.case, forKey: .case)
            try container.encode(self.description, forKey: .description)
            try container.encode(self.duration, forKey: .duration)
            try container.encode(self.expectation, forKey: .expectation)
            try container.encode(self.id, forKey: .id)
            try container.encode(self.isServer, forKey: .isServer)
            try container.encode(self.remoteCloseCode, forKey: .remoteCloseCode)
            try container.encode(self.remoteCloseReason, forKey: .remoteCloseReason)
            try container.encode(self.result, forKey: .result)
            try container.encode(self.resultClose, forKey: .resultClose)
            try container.encode(self.started, forKey: .started)
            try container.encode(self.httpResponse, forKey: .httpResponse)
            try container.encode(self.wirelog, forKey: .wirelog)
            try container.encode(self.timeline, forKey: .timeline)
        }

        enum CodingKeys: String, CodingKey {
            case agent, behavior, behaviorClose, `case`, description, duration, expectation, id, isServer
            case remoteCloseCode, remoteCloseReason, result, resultClose, started, httpResponse, wirelog, timeline
        }
    }

    /// File name → contents for `index.json` over all `reports` and every per-case file.
    public static func files(_ reports: [RunReport]) throws -> [String: Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var files: [String: Data] = [:]
        var index: [String: [String: IndexEntry]] = [:]
        for report in reports {
            var entries: [String: IndexEntry] = [:]
            let ordered = report.cases.sorted { CaseID($0.id) < CaseID($1.id) }
            for (ordinal, item) in ordered.enumerated() {
                let name = Self.reportFile(agent: report.agent, caseID: item.id)
                let duration = Int(item.durationMilliseconds.rounded())
                entries[item.id] = IndexEntry(
                    behavior: item.verdict.rawValue,
                    behaviorClose: item.closeVerdict.rawValue,
                    duration: duration,
                    remoteCloseCode: item.remoteCloseCode,
                    reportfile: name
                )
                let file = CaseFile(
                    agent: report.agent,
                    behavior: item.verdict.rawValue,
                    behaviorClose: item.closeVerdict.rawValue,
                    case: ordinal + 1,
                    description: item.description,
                    duration: duration,
                    expectation: item.expectation,
                    id: item.id,
                    remoteCloseCode: item.remoteCloseCode,
                    remoteCloseReason: Self.closeReason(item),
                    result: item.reason,
                    resultClose: item.closeReason,
                    started: report.startedAt,
                    httpResponse: Self.httpResponse(item),
                    wirelog: item.transcript.chunks.map { [$0.direction == "sent" ? "TO" : "RO", $0.hex] },
                    timeline: item.events.map(EventText.line)
                )
                files[name] = try encoder.encode(file)
            }
            index[report.agent] = entries
        }
        files["index.json"] = try encoder.encode(index)
        return files
    }

    /// Autobahn's name: the agent lower-cased with anything but letters and digits as `_`, then the case id.
    static func reportFile(agent: String, caseID: String) -> String {
        let normal = { (text: String) in
            String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        }
        return "\(normal(agent))_case_\(normal(caseID)).json"
    }

    private static func closeReason(_ item: CaseReport) -> String? {
        for event in item.events.reversed() {
            if case .closeReceived(_, let reason) = event.kind { return reason }
        }
        return nil
    }

    private static func httpResponse(_ item: CaseReport) -> String {
        guard let handshake = item.handshake else { return "" }
        let head = "HTTP/1.1 \(handshake.statusCode) \(handshake.reasonPhrase)\r\n"
        return head + handshake.headers.map { $0.joined(separator: ": ") + "\r\n" }.joined() + "\r\n"
    }
}
