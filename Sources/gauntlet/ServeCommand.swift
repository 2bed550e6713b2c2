import ArgumentParser
import Foundation
import ReferenceServer

extension Gauntlet {
    /// Starts the reference server, to try Gauntlet or to see a fault switch fail the cases it should.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the built-in reference WebSocket server.",
            discussion: "Faults:\n"
                + (ServerFault.all + ServerFault.dashboardFaults).map { "  \($0.name): \($0.summary)" }
                .joined(separator: "\n")
        )

        @Option(name: .long, help: "The address to listen on. Loopback unless you say otherwise.")
        var host = "127.0.0.1"

        @Option(name: .long, help: "The port to listen on; 0 picks a free one.")
        var port = 9001

        @Option(name: .long, help: "Break one rule on purpose (repeatable). See the list below.")
        var fault: [String] = []

        @Flag(name: .long, help: "Decline permessage-deflate offers (RFC 7692) instead of echoing compressed.")
        var noDeflate = false

        func validate() throws {
            guard (0...65535).contains(self.port) else { throw ValidationError("--port must be from 0 to 65535") }
            for name in self.fault where ServerFault(name: name) == nil {
                let known = (ServerFault.all + ServerFault.dashboardFaults).map(\.name).joined(separator: ", ")
                throw ValidationError("unknown fault '\(name)'; known faults: \(known)")
            }
        }

        func run() async throws {
            var configuration = ReferenceServerConfiguration()
            configuration.host = self.host
            configuration.port = self.port
            configuration.faults = Set(self.fault.compactMap(ServerFault.init(name:)))
            configuration.permessageDeflate = !self.noDeflate
            let server = try await ReferenceServer.start(configuration)
            let faults = self.fault.isEmpty ? "" : " with faults: \(self.fault.joined(separator: ", "))"
            // Written unbuffered: scripts wait for this line before they start testing.
            FileHandle.standardOutput.write(
                Data("Reference server listening on \(server.localAddress)\(faults)\n".utf8))
            try await server.waitUntilClosed()
        }
    }
}
