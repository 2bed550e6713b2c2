import GauntletCore
import NIOPosix
import ReferenceServer
import Testing

/// Shortcuts the tests share: run cases against a port and describe failures readably.
enum Harness {
    static func run(_ cases: [Case], port: Int, jobs: Int = 8) async -> [CaseResult] {
        await Runner(target: Target(host: "127.0.0.1", port: port), jobs: jobs).run(cases)
    }

    static func withReferenceServer<T>(
        faults: Set<ServerFault> = [],
        _ body: (ReferenceServer) async throws -> T
    ) async throws -> T {
        // A thread of its own: a debug build unmasking section 9's 16 MiB messages keeps an event loop busy for
        // seconds, and on the shared loops that stalled other suites' servers past their handshake waits.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let server = try await ReferenceServer.start(ReferenceServerConfiguration(faults: faults), group: group)
            do {
                let value = try await body(server)
                try await server.shutdown()
                try await group.shutdownGracefully()
                return value
            } catch {
                try? await server.shutdown()
                throw error
            }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// One line per case that fails the gate, empty when all pass.
    static func failures(_ results: [CaseResult]) -> [String] {
        results.filter(\.judgement.isFailure).map {
            "\($0.testCase.id): \($0.judgement.verdict.rawValue) (\($0.judgement.reason)) / close "
                + "\($0.judgement.closeVerdict.rawValue) (\($0.judgement.closeReason))"
        }
    }
}
