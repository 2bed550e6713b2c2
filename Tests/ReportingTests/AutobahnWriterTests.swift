import Foundation
import GauntletCore
import Reporting
import Testing

/// Autobahn users' scripts read index.json and the per-case files; the shape and names must match Autobahn's.
@Suite("Autobahn-compatible output")
struct AutobahnWriterTests {
    @Test("index.json maps agent and case id to the five Autobahn fields, and every reportfile exists")
    func index() async throws {
        let report = try await Fixture.noPong()
        let files = try AutobahnWriter.files([report])
        let indexData = try #require(files["index.json"])
        let index = try #require(
            try JSONSerialization.jsonObject(with: indexData) as? [String: [String: [String: Any]]])
        let cases = try #require(index["no-pong"])
        #expect(Set(cases.keys) == Set(report.cases.map(\.id)))
        for item in report.cases {
            let entry = try #require(cases[item.id])
            #expect(Set(entry.keys) == ["behavior", "behaviorClose", "duration", "remoteCloseCode", "reportfile"])
            #expect(entry["behavior"] as? String == item.verdict.rawValue)
            #expect(entry["behaviorClose"] as? String == item.closeVerdict.rawValue)
            #expect(entry["duration"] as? Int != nil)
            if let code = item.remoteCloseCode {
                #expect(entry["remoteCloseCode"] as? Int == Int(code))
            } else {
                #expect(entry["remoteCloseCode"] is NSNull)
            }
            let name = try #require(entry["reportfile"] as? String)
            #expect(name == "no_pong_case_\(item.id.replacingOccurrences(of: ".", with: "_")).json")
            let file = try #require(files[name])
            let detail = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
            #expect(detail["id"] as? String == item.id)
            #expect(detail["behavior"] as? String == item.verdict.rawValue)
            #expect(detail["result"] as? String == item.reason)
            #expect((detail["wirelog"] as? [[String]])?.isEmpty == false)
        }
        #expect(files.count == report.cases.count + 1)
    }

    @Test("The writer puts them under reports/<agent>/autobahn/")
    func writtenToDisk() async throws {
        let report = try await Fixture.healthy()
        let directory = try Fixture.temporaryDirectory()
        let paths = try ReportWriter(directory: directory).write(report, formats: [.autobahn])
        #expect(paths == ["\(directory)/healthy/results.json", "\(directory)/healthy/autobahn"])
        #expect(FileManager.default.fileExists(atPath: "\(directory)/healthy/autobahn/index.json"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/healthy/autobahn/healthy_case_2_1.json"))
    }
}
