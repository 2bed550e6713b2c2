import Foundation
import GauntletCore
import Reporting
import Testing

/// results.json is the source of truth: what is written reads back unchanged, and a bad file is refused with
/// the file, line and column of the problem.
@Suite("Reading results.json")
struct ReportReaderTests {
    @Test("A written report reads back with the same cases, verdicts and transcripts")
    func roundTrip() async throws {
        let report = try await Fixture.noPong()
        let directory = try Fixture.temporaryDirectory()
        let path = try ReportWriter(directory: directory).write(report)
        let read = try ReportReader().read(path: path)
        #expect(read.agent == report.agent)
        #expect(read.cases.map(\.id) == report.cases.map(\.id))
        #expect(read.cases.map(\.verdict) == report.cases.map(\.verdict))
        #expect(read.cases.map(\.closeVerdict) == report.cases.map(\.closeVerdict))
        #expect(read.cases.map(\.events) == report.cases.map(\.events))
        #expect(read.summary.failed == report.summary.failed)
        #expect(read.summary.failed > 0)
        #expect(read.target.contains("token=REDACTED"))
        #expect(try ReportWriter.encodeResults(read) == ReportWriter.encodeResults(report))
    }

    @Test("A file from a newer format version is refused at the line of formatVersion")
    func unknownVersion() async throws {
        let report = try await Fixture.healthy()
        let text = String(decoding: try ReportWriter.encodeResults(report), as: UTF8.self)
            .replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 99")
        let path = try Fixture.write(text, in: try Fixture.temporaryDirectory(), named: "results.json")
        let error = try #require(throws: ReportFileError.self) { try ReportReader().read(path: path) }
        let member = try #require(Fixture.position(of: "\"formatVersion\" : 99", in: text)).split(separator: ":")
        let position = "\(member[0]):\(try #require(Int(member[1])) + 18)"
        #expect(error.description.hasPrefix("\(path):\(position): unsupported formatVersion 99"))
        #expect(error.description.contains("newer"))
    }

    @Test("A verdict that is not a verdict is named by its path and position")
    func badVerdict() async throws {
        let report = try await Fixture.healthy()
        var text = String(decoding: try ReportWriter.encodeResults(report), as: UTF8.self)
        let range = try #require(text.range(of: "\"verdict\" : \"OK\""))
        text.replaceSubrange(range, with: "\"verdict\" : \"GOOD\"")
        let path = try Fixture.write(text, in: try Fixture.temporaryDirectory(), named: "results.json")
        let error = try #require(throws: ReportFileError.self) { try ReportReader().read(path: path) }
        let position = try #require(Fixture.position(of: "\"GOOD\"", in: text))
        #expect(error.description.hasPrefix("\(path):\(position): cases[0].verdict:"), "\(error)")
        #expect(error.description.hasSuffix("; verdicts are OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED"))
    }

    /// Hand-written broken files and the message each must produce.
    struct Broken: Sendable, CustomTestStringConvertible {
        var text: String
        var position: String?
        var message: String
        var testDescription: String { self.message }
    }

    static let broken: [Broken] = [
        .init(text: "{\n  \"formatVersion\": 1,\n  \"tool\": \"x\",,\n}", position: "3:15", message: "not valid JSON"),
        .init(text: "{\"formatVersion\": 1, \"cases\": [", position: "1:32", message: "ends where a value"),
        .init(text: "[1, 2]", position: "1:1", message: "expected an object"),
        .init(text: "{\"tool\": \"gauntlet\"}", position: "1:1", message: "no \"formatVersion\""),
        .init(text: "{\"formatVersion\": 1}", position: "1:1", message: "missing required member \"tool\""),
        .init(text: "{\n \"formatVersion\": 1,\n \"tool\": 7\n}", position: "3:10", message: "tool: expected a string"),
        .init(text: "{\"formatVersion\": \"one\"}", position: "1:19", message: "formatVersion: expected a number"),
    ]

    @Test("Broken files fail with a positioned, readable error", arguments: Self.broken)
    func brokenFiles(_ broken: Broken) throws {
        let path = try Fixture.write(broken.text, in: try Fixture.temporaryDirectory(), named: "results.json")
        let error = try #require(throws: ReportFileError.self) { try ReportReader().read(path: path) }
        if let position = broken.position {
            #expect(error.description.hasPrefix("\(path):\(position): "), "\(error)")
        }
        #expect(error.description.contains(broken.message), "\(error)")
    }

    @Test("A missing file and an oversized file are refused before parsing")
    func fileLevelErrors() throws {
        let directory = try Fixture.temporaryDirectory()
        let missing = try #require(throws: ReportFileError.self) {
            try ReportReader().read(path: "\(directory)/absent.json")
        }
        #expect(missing.description == "\(directory)/absent.json: no such file")
        let path = try Fixture.write(String(repeating: " ", count: 100) + "{}", in: directory, named: "big.json")
        let big = try #require(throws: ReportFileError.self) { try ReportReader(maxBytes: 64).read(path: path) }
        #expect(big.description.contains("larger than the 64-byte limit"))
    }
}
