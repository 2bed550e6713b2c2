import ArgumentParser
import Foundation
import GauntletCore
import ReferenceServer

extension Gauntlet {
    /// The one command a newcomer runs: a server, the whole catalogue against it, and a report, with nothing to set up.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the reference server on a free loopback port and run every case against it.",
            discussion: """
                Run from the repository, it also runs the agent-dashboard sample scenarios (\(Self.sampleScenarios)) \
                against the server's /ws/dashboard endpoint, so one report covers the catalogue and the scenarios. \
                Sections 12 and 13 keep one row per group unless --cases asks for more (--cases '*': everything).
                """
        )

        /// Everything except the bulk of sections 12 and 13: their 216,000 compressed round trips take minutes, so a
        /// first run keeps one row per compression group (the rows the tests pin). `--cases '*'` runs them all.
        static let defaultCases = "1,2,3,4,5,6,7,9,10,12.*.1,12.2.11,13.*.1,13.5.11,D,H,C,S.*"
        static let sampleProtocol = "scenarios/agent-dashboard/protocol.wsapi.yaml"
        static let sampleScenarios = "scenarios/agent-dashboard/*.yaml"

        @OptionGroup var runOptions: RunOptions

        @Flag(name: .long, help: "Run only the RFC catalogue, without the sample scenarios.")
        var catalogueOnly = false

        /// The options with the sample protocol and scenarios added, when the user named none and they are here.
        var options: RunOptions {
            var options = self.runOptions
            let wantsSample = !self.catalogueOnly && options.scenarios == nil && options.protocol == nil
            if wantsSample, FileManager.default.fileExists(atPath: Self.sampleProtocol) {
                options.protocol = Self.sampleProtocol
                options.scenarios = Self.sampleScenarios
            }
            if options.cases == nil { options.cases = Self.defaultCases }
            return options
        }

        func run() async throws {
            let options = self.options
            let configuration = ReferenceServerConfiguration()
            // The sample scenarios read the dashboard token from the environment; the demo server's is known.
            if options.scenarios != nil, ProcessInfo.processInfo.environment["DASHBOARD_TOKEN"] == nil {
                setenv("DASHBOARD_TOKEN", configuration.dashboardToken, 1)
            }
            let server = try await ReferenceServer.start(configuration)
            print("Reference server listening on \(server.localAddress)")
            let target = Target(host: "127.0.0.1", port: server.port)
            let status = await CaseRunSession.execute(target: target, agent: "reference", options: options)
            try await server.shutdown()
            throw ExitCode(status)
        }
    }
}
