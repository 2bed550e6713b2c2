import Foundation
import Fuzzing
import GauntletCore
import Testing

/// The fuzzer against a server built to break (Fixtures/fragile_server.py, a separate process): with a fixed seed
/// and a bounded number of inputs it must find the planted crash and hang, minimize both, and replay both from disk.
@Suite("Fuzzing a fragile server")
struct FragileServerTests {
    @Test("A fixed seed finds, minimizes and replays the planted crash and hang")
    func findsCrashAndHang() async throws {
        let endpoint = try FuzzFixtures.endpoint()
        let oracles = OracleConfiguration(enabled: [.crash, .hang], errorMessage: "error")
        var configuration = FuzzFixtures.configuration(
            target: Target(host: "127.0.0.1", port: 1, resource: "/ws/dashboard"), name: "fragile", seed: 1,
            iterations: 256, mode: .all, endpoint: endpoint, oracles: oracles, launch: FuzzFixtures.fragileLaunch)
        // Generous waits: on a loaded machine a slow answer must not pass for a hang.
        configuration.replyTimeout = .seconds(1)
        configuration.hangTimeout = .seconds(2)
        let summary = try await FuzzCampaign(configuration).run()
        let crash = try #require(summary.findings.first { $0.oracle == .crash }, "\(summary.findings.map(\.id))")
        let hang = try #require(summary.findings.first { $0.oracle == .hang }, "\(summary.findings.map(\.id))")
        #expect(crash.signature == "signal 6", "os.abort() raises SIGABRT")
        #expect(crash.minimized && crash.reproducerBytes < crash.inputBytes, "\(crash.reproducerBytes) bytes")
        #expect(hang.reproducerBytes <= hang.inputBytes)
        #expect(summary.restarts > 0)
        print(
            "fragile server: crash first at input \(crash.iteration) (\(crash.secondsIntoRun) s), hang first at input "
                + "\(hang.iteration) (\(hang.secondsIntoRun) s), \(summary.executions) execs")

        let store = FindingStore(root: configuration.findingsRoot, target: configuration.targetName)
        for finding in [crash, hang] {
            let folder = store.folder.appendingPathComponent(finding.id).path
            for file in [
                "finding.json", "input.txt", "input.bin", "reproducer.txt", "reproducer.bin", "observation.txt",
            ] {
                #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(finding.id) lacks \(file)")
            }
            let saved = try FindingStore.load(folder: folder)
            // Two tries: a crash or hang on a loaded machine can need a second look before its exit is reaped.
            var (hits, _) = try await FuzzCampaign(configuration).replay(saved.reproducer)
            if !hits.contains(where: { $0.oracle == finding.oracle }) {
                hits = try await FuzzCampaign(configuration).replay(saved.reproducer).hits
            }
            #expect(
                hits.contains { $0.oracle == finding.oracle && $0.signature == finding.signature },
                "\(finding.id): \(hits) for \(CorpusFormat.write(saved.reproducer))")
        }
        let log = try String(
            contentsOfFile: store.folder.appendingPathComponent(crash.id).path + "/server.log", encoding: .utf8)
        #expect(log.contains("CRASH"), "the server's own words are kept: \(log)")
    }
}
