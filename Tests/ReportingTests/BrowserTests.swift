import Foundation
import Testing

@testable import Reporting

/// Loads the HTML report in a real headless Chromium: the script must run without errors and apply filters.
@Suite("HTML report in a real browser")
struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "The page loads, its script runs, and URL filters hide what they should",
        .enabled(if: Self.chromium != nil || Fixture.toolsRequired, "needs Debian's chromium"),
        .timeLimit(.minutes(2))
    )
    func loadsInChromium() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let directory = try Fixture.temporaryDirectory()
        let page = try Fixture.write(HTMLReport.render([healthy, broken]), in: directory, named: "report.html")

        let all = try Self.dumpDOM("file://\(page)", profile: "\(directory)/profile-a")
        #expect(all.contains("data-ready=\"1\""), "the script did not finish")
        #expect(!all.contains("data-script-error"), "the page raised a script error")
        #expect(all.contains("\(healthy.cases.count) of \(healthy.cases.count) cases shown"))

        let filtered = try Self.dumpDOM(
            "file://\(page)?disagree=1#show:\(HTMLReport.detailID(1, "2.1"))", profile: "\(directory)/profile-b")
        let disagreeing = CrossRuntimeMatrix([healthy, broken]).disagreements.count
        #expect(disagreeing == 8)
        #expect(filtered.contains("\(disagreeing) of \(healthy.cases.count) cases shown"))
        let openingTags = filtered.components(separatedBy: "<tr class=\"case-row\"").dropFirst().map {
            $0.prefix { $0 != ">" }
        }
        #expect(openingTags.filter { !$0.contains("hidden") }.count == disagreeing)
        #expect(
            filtered.contains("<section class=\"detail\" id=\"\(HTMLReport.detailID(1, "2.1"))\">"),
            "the linked case did not open")
    }

    /// The DOM after scripts ran, as Chromium serialises it.
    static func dumpDOM(_ url: String, profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(profile)",
            "--virtual-time-budget=5000", "--dump-dom", url,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.killAfter(seconds: 60)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
