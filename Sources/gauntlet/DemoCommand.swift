import ArgumentParser
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
            let server = try await ReferenceServer.start(ReferenceServerConfiguration())
            print("Reference server listening on \(server.localAddress)")
            let target = Target(host: "127.0.0.1", port: server.port)
            let status = await CaseRunSession(target: target, agent: "reference", options: self.options).execute()
            try await server.shutdown()
            throw ExitCode(status)
        }
    }
}
