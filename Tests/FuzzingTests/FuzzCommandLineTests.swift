import Foundation
import Fuzzing
import Testing

/// `gauntlet fuzz` and `gauntlet replay` end to end: the built binary, its exit codes, and a finding that replays
/// as still broken against the fragile server and as fixed against the reference server.
@Suite("The fuzz and replay commands", .serialized, .timeLimit(.minutes(3)))
struct FuzzCommandLineTests {
    static let binary = FuzzFixtures.path(".build/debug/gauntlet")

    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs the binary with a deadline; SIGKILL if it overruns (children may ignore SIGTERM).
    static func gauntlet(_ arguments: [String], seconds: Double = 120) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning { kill(pid, SIGKILL) }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return Outcome(
            status: process.isRunning ? -1 : process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test("Usage errors exit 2, an unreachable target exits 3")
    func exitCodes() throws {
        let remote = try Self.gauntlet(["fuzz", "ws://192.0.2.1:9/", "--iterations", "1"])
        #expect(remote.status == 2 && remote.output.contains("--allow-remote"), "\(remote.output)")
        let unreachable = try Self.gauntlet(["fuzz", "ws://127.0.0.1:1/", "--iterations", "1"])
        #expect(unreachable.status == 3, "\(unreachable.output)")
        let folder = FuzzFixtures.temporaryFolder("cli-prelude")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let prelude = folder + "/prelude.yaml"
        try Data("name: broken\nsteps:\n  - connect: {client: a, qurey: {}}\n".utf8).write(
            to: URL(fileURLWithPath: prelude))
        let broken = try Self.gauntlet(["fuzz", "ws://127.0.0.1:1/", "--prelude", prelude, "--iterations", "1"])
        #expect(broken.status == 2 && broken.output.contains("prelude.yaml:3:"), "\(broken.output)")
    }

    @Test("A crash found by the command replays as still broken, then as fixed against a correct server")
    func findAndReplay() throws {
        let folder = FuzzFixtures.temporaryFolder("cli-fragile")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let oracles = folder + "/oracles.yaml"
        let others = FuzzOracle.Kind.allCases.filter { $0 != .crash }.map(\.rawValue).joined(separator: ", ")
        try Data("disabled: [\(others)]\n".utf8).write(to: URL(fileURLWithPath: oracles))
        let run = try Self.gauntlet([
            "fuzz", "ws://127.0.0.1:{port}/", "--launch", FuzzFixtures.fragileLaunch.command, "--name", "fragile",
            "--mode", "frames", "--iterations", "128", "--seed", "1", "--jobs", "4", "--oracles", oracles,
            "--findings", folder, "--minimize-budget", "16", "--hang-timeout", "1s",
        ])
        #expect(run.status == 1, "\(run.output)")
        let findings = folder + "/fragile/findings"
        let crash = try #require(
            (try? FileManager.default.contentsOfDirectory(atPath: findings))?.first { $0.hasPrefix("crash-") },
            "\(run.output)")
        let again = try Self.gauntlet(["replay", findings + "/" + crash])
        #expect(again.status == 1 && again.output.contains("REPRODUCES"), "\(again.output)")
        let fixed = try Self.gauntlet([
            "replay", findings + "/" + crash, "--launch", "exec \(Self.binary) serve --port {port}",
        ])
        #expect(fixed.status == 0 && fixed.output.contains("FIXED"), "\(fixed.output)")
    }
}
