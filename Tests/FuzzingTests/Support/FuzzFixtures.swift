import Foundation
import Fuzzing
import GauntletCore
import MessageSchema
import ReferenceServer
import WebSocketWire

/// Paths and loaded inputs the fuzzing tests share: the package root, the sample protocol, its prelude and oracle
/// settings, and the fragile fixture server.
enum FuzzFixtures {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    static let dashboard = "scenarios/agent-dashboard"

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The sample protocol's `/ws/dashboard` endpoint.
    static func endpoint() throws -> EndpointCheck {
        let loaded = try ProtocolLoader().load(path: path(dashboard + "/protocol.wsapi.yaml")).value
        guard let endpoint = loaded.endpoint(path: "/ws/dashboard") else { throw FixtureError("no /ws/dashboard") }
        return EndpointCheck(endpoint: endpoint)
    }

    static func oracles(_ endpoint: EndpointCheck) throws -> OracleConfiguration {
        try OracleConfiguration.load(
            path: path(dashboard + "/fuzz/oracles.yaml"), base: .defaults(for: endpoint.endpoint))
    }

    /// The fragile server's launch command; `python3` from PATH is enough (it needs only the standard library).
    static var fragileLaunch: LaunchSpec {
        let python = ProcessInfo.processInfo.environment["GAUNTLET_PYTHON"] ?? "python3"
        return LaunchSpec(
            command: "exec \(python) \(path("Tests/FuzzingTests/Fixtures/fragile_server.py")) {port}",
            readinessTimeout: .seconds(20))
    }

    /// A temporary folder for findings, unique per test.
    static func temporaryFolder(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-fuzz-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        return folder.path
    }

    /// A configuration with short waits, for tests.
    static func configuration(
        target: Target, name: String, seed: UInt64, iterations: Int, mode: InputGenerator.Mode,
        endpoint: EndpointCheck?, oracles: OracleConfiguration, prelude: Case? = nil, launch: LaunchSpec? = nil
    ) -> FuzzConfiguration {
        var configuration = FuzzConfiguration(
            target: target, targetName: name, seed: seed, iterations: iterations, duration: nil, jobs: 4, mode: mode,
            endpoint: endpoint, oracles: oracles, prelude: prelude, corpusFolder: nil,
            findingsRoot: temporaryFolder(name), launch: launch)
        configuration.replyTimeout = .milliseconds(500)
        configuration.hangTimeout = .seconds(1)
        configuration.minimizeBudget = 64
        configuration.minimizeTimeLimit = .seconds(120)
        configuration.generationSize = 64
        return configuration
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
