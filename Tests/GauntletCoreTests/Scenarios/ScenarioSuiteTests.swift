import Foundation
import GauntletCore
import ReferenceServer
import Testing

/// The agent-dashboard sample suite against the reference server over loopback: all pass on a correct server, and
/// each protocol fault switch makes the scenarios that check its rule FAIL.
@Suite("Sample scenarios against the reference server")
struct ScenarioSuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let folder = root + "/scenarios/agent-dashboard"

    static func suite() -> ScenarioSuite {
        setenv("DASHBOARD_TOKEN", ReferenceServerConfiguration().dashboardToken, 1)
        return ScenarioSuite.load(protocolPath: folder + "/protocol.wsapi.yaml", patterns: [folder + "/*.yaml"])
    }

    static func run(faults: Set<ServerFault>) async throws -> [CaseResult] {
        let suite = Self.suite()
        #expect(suite.errors.map(\.description) == [])
        return try await Harness.withReferenceServer(faults: faults) { server in
            await Harness.run(suite.cases, port: server.port)
        }
    }

    @Test("The sample suite has at least 15 scenarios and every one loads")
    func suiteLoads() {
        let suite = Self.suite()
        #expect(suite.errors.map(\.description) == [])
        #expect(suite.cases.count >= 15)
        #expect(suite.cases.allSatisfy { $0.id.rawValue.hasPrefix("S.") })
    }

    @Test("Every sample scenario passes against the correct reference server")
    func allPass() async throws {
        let results = try await Self.run(faults: [])
        #expect(Harness.failures(results) == [])
    }

    /// Which scenarios each protocol fault must fail.
    static let table: [(String, [String])] = [
        ("missing-reply-to", ["S.subscribe-ack", "S.ping-pong", "S.unsubscribe", "S.list-subscriptions"]),
        ("broadcast-skips-client", ["S.broadcast-two-dashboards"]),
        ("broadcast-to-unsubscribed", ["S.unsubscribed-stays-quiet"]),
        ("schema-invalid-event", ["S.broadcast-two-dashboards", "S.unsubscribed-stays-quiet"]),
        ("unknown-message-type", ["S.ping-pong", "S.invalid-json", "S.auth-required"]),
        ("error-closes-connection", ["S.invalid-json", "S.auth-required"]),
        ("no-auth-check", ["S.missing-token-401", "S.auth-required", "S.authenticate-failure"]),
    ]

    @Test("A protocol fault fails the scenarios that check its rule", arguments: Self.table)
    func faultFails(_ fault: String, _ expected: [String]) async throws {
        let switchValue = try #require(ServerFault(name: fault))
        let results = try await Self.run(faults: [switchValue])
        let failing = Set(results.filter(\.judgement.isFailure).map(\.testCase.id.rawValue))
        for id in expected {
            let received = results.first { $0.testCase.id.rawValue == id }?.observation.scenario?.received ?? []
            let seen = received.map { "\($0.client): \($0.text)" }.joined(separator: "\n")
            #expect(failing.contains(id), "\(fault) should fail \(id); failing: \(failing.sorted()); seen:\n\(seen)")
        }
    }

    @Test("A schema-invalid event is reported with its instance path and keyword location")
    func schemaErrorNamesLocations() async throws {
        let results = try await Self.run(faults: [.schemaInvalidEvent])
        let result = try #require(results.first { $0.testCase.id.rawValue == "S.broadcast-two-dashboards" })
        #expect(result.judgement.reason.contains("instance path '/payload/status'"), "\(result.judgement.reason)")
        #expect(result.judgement.reason.contains("keyword location"))
    }

    @Test("A message sent with no fields gets its required fields generated from the schema, and the server accepts it")
    func requiredFieldsAreGenerated() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString).yaml")
        try """
        name: generated-subscribe
        steps:
          - connect: {client: dash, query: {token: "${env.DASHBOARD_TOKEN}"}}
          - expect: {client: dash, message: auth_result, fields: {payload.ok: true}}
          - send: {client: dash, message: subscribe}
          - expect: {client: dash, message: ack, fields: {reply_to: {regex: "^g-[0-9]+$"}}, within: 2}
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        _ = Self.suite()
        let suite = ScenarioSuite.load(protocolPath: Self.folder + "/protocol.wsapi.yaml", patterns: [file.path])
        #expect(suite.errors.map(\.description) == [])
        let results = try await Harness.withReferenceServer(faults: []) { server in
            await Harness.run(suite.cases, port: server.port)
        }
        let result = try #require(results.first)
        #expect(result.judgement.verdict == .ok, "\(result.judgement.reason)")
    }
}
