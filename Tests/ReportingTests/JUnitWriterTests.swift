import Foundation
import GauntletCore
import Reporting
import Testing

/// The JUnit file is what CI shows when the gate fails, so it must parse, follow the schema, and put the failing
/// case's reason and transcript where a CI UI shows them.
@Suite("JUnit XML")
struct JUnitWriterTests {
    static let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/junit.xsd").path
    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("One testsuite per target, one testcase per case, failures carry reason and transcript")
    func structure() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let root = try XMLTree.parse(JUnitWriter.render([healthy, broken]))
        #expect(root.name == "testsuites")
        let suites = root.all("testsuite")
        #expect(suites.map { $0.attributes["name"] } == ["healthy", "no-pong"])
        #expect(root.attributes["tests"] == "\(healthy.cases.count + broken.cases.count)")
        #expect(root.attributes["failures"] == "\(broken.summary.failed)")
        for (suite, report) in zip(suites, [healthy, broken]) {
            let cases = suite.all("testcase")
            #expect(cases.count == report.cases.count)
            #expect(suite.attributes["tests"] == "\(report.cases.count)")
            #expect(suite.attributes["failures"] == "\(report.summary.failed)")
            let failed = cases.filter { !$0.all("failure").isEmpty }
            let expected = report.cases.filter(\.failsGate)
            #expect(
                failed.map { $0.attributes["name"]?.split(separator: " ").first.map(String.init) } == expected.map(\.id)
            )
            for (element, item) in zip(failed, expected) {
                let failure = try #require(element.all("failure").first)
                #expect(failure.attributes["message"]?.contains(item.reason) == true)
                #expect(failure.text.contains("Transcript (end):"))
                #expect(failure.text.contains("<- frame") || failure.text.contains("-> frame"))
            }
        }
        #expect(broken.summary.failed == 8)
    }

    @Test("Hostile text in a reason stays well-formed XML")
    func escaping() async throws {
        var report = try await Fixture.noPong()
        let index = try #require(report.cases.firstIndex { $0.failsGate })
        report.cases[index].reason = "</failure><x a=\"1\">&amp; \u{1}\u{0}\u{FFFE} ]]> 'quoted'"
        let xml = JUnitWriter.render([report])
        let root = try XMLTree.parse(xml)
        let failure = try #require(root.all("testsuite").first?.all("testcase")[index].all("failure").first)
        #expect(failure.attributes["message"]?.contains("</failure><x a=\"1\">&amp;") == true)
        #expect(!xml.contains("\u{1}"))
    }

    @Test(
        "The file validates against the JUnit XSD",
        .enabled(if: Self.xmllint != nil || Fixture.toolsRequired, "needs xmllint (libxml2-utils)"))
    func validatesAgainstSchema() async throws {
        let report = try await Fixture.noPong()
        let healthy = try await Fixture.healthy()
        let directory = try Fixture.temporaryDirectory()
        let good = try Fixture.write(JUnitWriter.render([report]), in: directory, named: "junit.xml")
        #expect(try Self.validate(good) == 0)
        let two = try Fixture.write(JUnitWriter.render([healthy, report]), in: directory, named: "two.xml")
        #expect(try Self.validate(two) == 0)
        var skipped = healthy
        skipped.cases[0].verdict = .unimplemented
        skipped.cases[0].reason = "needs <permessage-deflate> & \u{7}"
        let withSkip = try Fixture.write(JUnitWriter.render([skipped]), in: directory, named: "skip.xml")
        #expect(try Self.validate(withSkip) == 0)
        #expect(
            JUnitWriter.render([skipped]).contains("<skipped message=\"UNIMPLEMENTED: needs &lt;permessage-deflate&gt;")
        )
        let bad = try Fixture.write(
            "<testsuites><testsuite name=\"x\"><testcase name=\"y\"/></testsuite></testsuites>",
            in: directory,
            named: "bad.xml"
        )
        #expect(try Self.validate(bad) != 0, "a testcase without classname and a suite without tests must fail")
    }

    static func validate(_ path: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
        process.arguments = ["--noout", "--schema", Self.schemaPath, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.killAfter(seconds: 30)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
