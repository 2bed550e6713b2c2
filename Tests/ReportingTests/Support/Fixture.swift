import Foundation
import GauntletCore
import ReferenceServer
import Reporting
import Testing

/// Real runs for the report tests: the catalogue against the reference server, healthy or with a fault switch
/// on, so every report is built from genuine `CaseResult`s.
enum Fixture {
    /// The ping/pong section: fast, and `no-pong` fails most of it.
    static let pingCases = CaseFilter(include: ["2.*"])

    static func run(
        faults: Set<ServerFault> = [], agent: String, filter: CaseFilter = Self.pingCases
    ) async throws
        -> RunReport
    {
        let server = try await ReferenceServer.start(ReferenceServerConfiguration(faults: faults))
        let limits = RunLimits()
        let target = Target(host: "127.0.0.1", port: server.port)
        let cases = Catalogue.cases(matching: filter)
        let results = await Runner(target: target, limits: limits, jobs: 8).run(cases)
        try await server.shutdown()
        return RunReport(
            tool: "gauntlet test",
            agent: agent,
            target: "ws://127.0.0.1:\(server.port)/?token=secret",
            startedAt: "2026-11-23T01:00:00Z",
            durationMilliseconds: 1234,
            complete: true,
            results: results
        ).gated(by: .standard)
    }

    /// Each run happens once per test process and is shared, keeping the machine's load (and timing) sane.
    private static let healthyRun = Task { try await Self.run(agent: "healthy") }
    private static let noPongRun = Task { try await Self.run(faults: [.noPong], agent: "no-pong") }

    static func healthy() async throws -> RunReport {
        try await self.healthyRun.value
    }

    /// The reference server that never answers a ping: 2.1-2.4, 2.6, 2.9-2.11 fail.
    static func noPong() async throws -> RunReport {
        try await self.noPongRun.value
    }

    /// Set `GAUNTLET_REQUIRE_TOOLS=1` in CI so a missing xmllint or Chromium fails the tests instead of skipping them.
    static let toolsRequired = ProcessInfo.processInfo.environment["GAUNTLET_REQUIRE_TOOLS"] == "1"

    /// A fresh empty folder under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gauntlet-reporting-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, in directory: String, named name: String) throws -> String {
        let path = "\(directory)/\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The 1-based line and column where `needle` first occurs in `text`.
    static func position(of needle: String, in text: String) -> String? {
        guard let range = text.range(of: needle) else { return nil }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return "\(line):\(before[lineStart...].count + 1)"
    }
}
