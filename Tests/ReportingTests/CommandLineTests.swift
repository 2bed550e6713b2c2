import Foundation
import GauntletCore
import ReferenceServer
import Reporting
import Testing

/// The gate end to end: the built `gauntlet` binary against the reference server, checking exit statuses and the
/// files it writes.
@Suite("The gauntlet command as a CI gate", .serialized, .timeLimit(.minutes(3)))
struct CommandLineTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/gauntlet").path

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The built binary, run in `directory` when given, as a user in that folder would.
    static func gauntlet(_ arguments: [String], in directory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.killAfter(seconds: 120)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self)
        )
    }

    @Test("A faulty server fails the gate, passes against its own baseline, and shards merge back")
    func gateWithBaselineAndShards() async throws {
        let directory = try Fixture.temporaryDirectory()
        let server = try await ReferenceServer.start(ReferenceServerConfiguration(faults: [.noPong]))
        do {
            try self.runGate(url: "ws://127.0.0.1:\(server.port)/", directory: directory)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    private func runGate(url: String, directory: String) throws {
        let common = ["--cases", "2.*", "--agent", "faulty", "--report-dir", directory]

        let first = try Self.gauntlet(["run", url] + common + ["--format", "json,junit,markdown,autobahn"])
        #expect(first.status == 1, "\(first.errors)")
        for file in ["results.json", "junit.xml", "summary.md", "autobahn/index.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/faulty/\(file)"), "\(file)")
        }
        let baseline = "\(directory)/baseline.json"
        let update = try Self.gauntlet([
            "baseline", "update", "\(directory)/faulty/results.json", "--baseline", baseline,
        ])
        #expect(update.status == 0, "\(update.errors)")

        let gated = try Self.gauntlet(["run", url] + common + ["--baseline", baseline])
        #expect(gated.status == 0, "\(gated.output)\(gated.errors)")
        #expect(gated.output.contains("0 worse"))

        let shardDir = "\(directory)/shards"
        for k in 1...2 {
            let shard = try Self.gauntlet(
                [
                    "run", url, "--cases", "2.*", "--agent", "faulty", "--report-dir", "\(shardDir)/\(k)", "--shard",
                    "\(k)/2",
                ]
            )
            #expect(shard.status == 1)
        }
        let merged = try Self.gauntlet(
            [
                "merge", "\(shardDir)/1/faulty", "\(shardDir)/2/faulty/results.json", "--report-dir",
                "\(directory)/merged",
            ]
        )
        #expect(merged.status == 1)
        let report = try ReportReader().read(path: "\(directory)/merged/faulty/results.json")
        let whole = try ReportReader().read(path: "\(directory)/faulty/results.json")
        #expect(report.cases.map(\.id) == whole.cases.map(\.id))

        let demo = try Self.gauntlet(["demo", "--cases", "2.*", "--report-dir", directory, "--format", "json"])
        #expect(demo.status == 0, "\(demo.errors)")
        let compare = try Self.gauntlet([
            "compare", directory, "--output", "\(directory)/cmp", "--fail-on-disagreement",
        ])
        #expect(compare.status == 1, "\(compare.errors)")
        #expect(compare.output.contains("Targets disagree on 8 of 11 cases:"))
        for file in ["comparison.md", "comparison.json", "comparison.html", "junit.xml", "autobahn/index.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/cmp/\(file)"), "\(file)")
        }
        let clash = try Self.gauntlet(["compare", "\(directory)/faulty", "\(directory)/merged"])
        #expect(clash.status == 2)
        #expect(clash.errors.contains("are both for agent 'faulty'"), "\(clash.errors)")
    }

    @Test(
        "Bad gate input is a usage error (exit 2) with a clear message",
        arguments: [
            (["--format", "json,pdf"], "unknown report format 'pdf'"),
            (["--allow", "SOMETIMES"], "unknown verdict 'SOMETIMES'"),
            (["--shard", "3/2"], "invalid shard '3/2'"),
            (["--baseline", "/nonexistent/baseline.json"], "/nonexistent/baseline.json: no such file"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let outcome = try Self.gauntlet(["run", "ws://127.0.0.1:9/", "--cases", "2.1"] + arguments)
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
    }

    @Test("baseline update refuses a bad results file with its position and exit status 2")
    func baselineUpdateRefusesBadInput() throws {
        let directory = try Fixture.temporaryDirectory()
        let results = try Fixture.write("{\"formatVersion\": 2}", in: directory, named: "results.json")
        let outcome = try Self.gauntlet(["baseline", "update", results, "--baseline", "\(directory)/b.json"])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("\(results):1:19: unsupported formatVersion 2"), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/b.json"))
    }
}
