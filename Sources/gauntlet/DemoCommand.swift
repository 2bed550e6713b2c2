import ArgumentParser
import Foundation
import GauntletCore
import ReferenceServer

extension Gauntlet {
    /// The one command a newcomer runs: a server, the whole catalogue against it, and a report, with nothing to set up.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the reference server on a free loopback port and run every case against it."
        )

        @OptionGroup var options: RunOptions

        func run() async throws {
            let configuration = ReferenceServerConfiguration()
            // The sample scenarios read the dashboard token from the environment; the demo server's is known.
            if self.options.scenarios != nil, ProcessInfo.processInfo.environment["DASHBOARD_TOKEN"] == nil {
                setenv("DASHBOARD_TOKEN", configuration.dashboardToken, 1)
            }
            let server = try await ReferenceServer.start(configuration)
            print("Reference server listening on \(server.localAddress)")
            let target = Target(host: "127.0.0.1", port: server.port)
            let status = await CaseRunSession.execute(target: target, agent: "reference", options: self.options)
            try await server.shutdown()
            throw ExitCode(status)
        }
    }
}
