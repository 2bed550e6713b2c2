import Foundation
import GauntletCore
import ReferenceServer
import Testing

@testable import Reporting

/// Values a scenario reads from `${env.NAME}` and its auth tokens are secrets: they must not reach any report
/// format, whether they travelled in the query, a custom header, a bearer header or a masked message body.
@Suite("Scenario secrets stay out of every report format")
struct ScenarioSecretTests {
    static let extra = "extra-\(UUID().uuidString.lowercased())"

    static let scenario = """
        name: secrets-everywhere
        steps:
          - connect:
              client: dash
              auth: "${env.DASHBOARD_TOKEN}"
              query: {q: "${env.GAUNTLET_TEST_EXTRA}"}
              headers: {X-Trace: "${env.GAUNTLET_TEST_EXTRA}", Authorization: "Bearer ${env.GAUNTLET_TEST_EXTRA}"}
          - expect: {client: dash, message: auth_result, fields: {payload.ok: true}}
          - send: {client: dash, message: authenticate, fields: {id: a1, payload: {token: "${env.DASHBOARD_TOKEN}"}}}
          - send: {client: dash, text: '{"id":"e1","type":"echo-me","note":"${env.GAUNTLET_TEST_EXTRA}"}'}
          - expect: {client: dash, message: auth_result, fields: {reply_to: a1, payload.ok: false}, within: 2}
        """

    /// Runs the scenario (it fails on its last step, so the failure reason is in the reports too).
    static func report() async throws -> RunReport {
        setenv("DASHBOARD_TOKEN", ReferenceServerConfiguration().dashboardToken, 1)
        setenv("GAUNTLET_TEST_EXTRA", Self.extra, 1)
        let directory = try Fixture.temporaryDirectory()
        let path = try Fixture.write(Self.scenario, in: directory, named: "secrets.yaml")
        let protocolPath = ScenarioCommandLineTests.sample + "/protocol.wsapi.yaml"
        let suite = ScenarioSuite.load(protocolPath: protocolPath, patterns: [path])
        #expect(suite.errors.map(\.description) == [])
        let server = try await ReferenceServer.start(ReferenceServerConfiguration())
        let results = await Runner(target: Target(host: "127.0.0.1", port: server.port), jobs: 1).run(suite.cases)
        try await server.shutdown()
        return RunReport(
            tool: "test", agent: "secrets", target: "ws://127.0.0.1:\(server.port)/", startedAt: "2026-11-23T01:00:00Z",
            durationMilliseconds: 1, complete: true, results: results
        ).gated(by: .standard)
    }

    @Test("No format holds a secret in text or hex, and the frames still parse")
    func noFormatHoldsASecret() async throws {
        let report = try await Self.report()
        let item = try #require(report.cases.first)
        #expect(item.transcript.chunks.count >= 2)
        #expect(item.events.contains { if case .handshakeSent = $0.kind { true } else { false } })
        let directory = try Fixture.temporaryDirectory()
        let files = try ReportWriter(directory: directory).write(report, formats: ReportFormat.allCases)
        var outputs: [String: String] = [:]
        for path in files {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            let paths =
                isFolder.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).map { "\(path)/\($0)" } : [path]
            for file in paths { outputs[file] = try String(contentsOfFile: file, encoding: .utf8) }
        }
        #expect(outputs.count >= 6, "\(outputs.keys.sorted())")
        let html = try #require(outputs.first { $0.key.hasSuffix("report.html") }?.value)
        // The HTML shows masked payloads unmasked: the scrubbed body is still there, so the check can see it.
        #expect(html.contains("echo-me"))
        for secret in [ReferenceServerConfiguration().dashboardToken, Self.extra] {
            for (file, text) in outputs {
                #expect(!text.contains(secret), "\(file) holds \(secret)")
                #expect(!text.contains(Hex.encode(Array(secret.utf8))), "\(file) holds \(secret) as hex")
            }
        }
    }

    @Test("Scrubbing keeps a masked frame's length and mask, so the transcript still parses frame by frame")
    func scrubbedFramesKeepTheirShape() {
        let scrubber = SecretScrubber(["hunter22"])
        let key: [UInt8] = [0x11, 0x22, 0x33, 0x44]
        let payload = Array("token=hunter22;".utf8)
        let masked = payload.indices.map { payload[$0] ^ key[$0 % 4] }
        let frame: [UInt8] = [0x81, 0x80 | UInt8(payload.count)] + key + masked
        let scrubbed = scrubber.clientFrames(frame + frame)
        #expect(scrubbed.count == frame.count * 2)
        let first = Array(scrubbed[6..<frame.count]).indices.map { scrubbed[6 + $0] ^ key[$0 % 4] }
        #expect(String(decoding: first, as: UTF8.self) == "token=********;")
        #expect(Array(scrubbed[0..<6]) == Array(frame[0..<6]))
    }
}
