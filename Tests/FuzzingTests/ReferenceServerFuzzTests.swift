import Foundation
import Fuzzing
import GauntletCore
import ReferenceServer
import Testing

/// The reference server under the same fuzzing: no findings, on the echo path and on the dashboard protocol after
/// the prelude; and one protocol fault switched on is caught, so the quiet result is not an oracle that cannot fail.
@Suite("Fuzzing the reference server")
struct ReferenceServerFuzzTests {
    static func withServer<T>(faults: Set<ServerFault> = [], _ body: (Int) async throws -> T) async throws -> T {
        let server = try await ReferenceServer.start(ReferenceServerConfiguration(faults: faults))
        do {
            let value = try await body(server.port)
            try await server.shutdown()
            return value
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    static func dashboardRun(port: Int, seed: UInt64, iterations: Int) async throws -> FuzzSummary {
        setenv("DASHBOARD_TOKEN", ReferenceServerConfiguration().dashboardToken, 1)
        let endpoint = try FuzzFixtures.endpoint()
        let prelude = try ScenarioLoader(endpoint: endpoint.endpoint).load(
            path: FuzzFixtures.path(FuzzFixtures.dashboard + "/fuzz/prelude.yaml"))
        let configuration = FuzzFixtures.configuration(
            target: Target(host: "127.0.0.1", port: port, resource: "/ws/dashboard"), name: "reference-\(seed)",
            seed: seed, iterations: iterations, mode: .all, endpoint: endpoint,
            oracles: try FuzzFixtures.oracles(endpoint), prelude: prelude)
        return try await FuzzCampaign(configuration).run()
    }

    @Test("Frame fuzzing of the echo path finds nothing")
    func echoPathIsClean() async throws {
        let summary = try await Self.withServer { port in
            let configuration = FuzzFixtures.configuration(
                target: Target(host: "127.0.0.1", port: port), name: "reference-echo", seed: 11, iterations: 128,
                mode: .frames, endpoint: nil, oracles: OracleConfiguration())
            return try await FuzzCampaign(configuration).run()
        }
        #expect(summary.findings.isEmpty, "\(summary.findings.map { "\($0.id): \($0.detail)" })")
        #expect(summary.executions == 128 && summary.novelInputs > 0)
    }

    @Test("Frame and message fuzzing of the dashboard after the prelude finds nothing")
    func dashboardIsClean() async throws {
        let summary = try await Self.withServer { port in
            try await Self.dashboardRun(port: port, seed: 12, iterations: 128)
        }
        #expect(summary.findings.isEmpty, "\(summary.findings.map { "\($0.id): \($0.detail)" })")
        #expect(summary.preludeFailures == 0)
    }

    @Test("A dashboard that answers ping with an unknown message type is caught")
    func faultIsCaught() async throws {
        let summary = try await Self.withServer(faults: [.unknownMessageType]) { port in
            try await Self.dashboardRun(port: port, seed: 12, iterations: 128)
        }
        #expect(summary.findings.contains { $0.oracle == .invalidServerMessage }, "\(summary.findings.map(\.id))")
    }

    @Test("An unreachable target stops the run with a clear error")
    func unreachable() async throws {
        let configuration = FuzzFixtures.configuration(
            target: Target(host: "127.0.0.1", port: 1), name: "nowhere", seed: 1, iterations: 1, mode: .frames,
            endpoint: nil, oracles: OracleConfiguration())
        await #expect(throws: FuzzError.self) { _ = try await FuzzCampaign(configuration).run() }
    }
}
