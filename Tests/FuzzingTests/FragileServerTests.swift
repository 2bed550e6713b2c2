import Foundation
import Fuzzing
import GauntletCore
import MessageSchema
import Testing
import WebSocketWire

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

    @Test("Without --launch, a server that stops answering is blamed on the input that froze it, not on the first")
    func frozenServerWithoutLaunch() async throws {
        let python = ProcessInfo.processInfo.environment["GAUNTLET_PYTHON"] ?? "python3"
        let fixture = FuzzFixtures.path("Tests/FuzzingTests/Fixtures/fragile_server.py")
        let server = try await TargetProcess.launch(
            LaunchSpec(command: "exec \(python) \(fixture) {port} --freeze", readinessTimeout: .seconds(20)))
        let endpoint = try FuzzFixtures.endpoint()
        var configuration = FuzzFixtures.configuration(
            target: Target(host: "127.0.0.1", port: server.port, resource: "/ws/dashboard"), name: "frozen", seed: 1,
            iterations: 64, mode: .messages, endpoint: endpoint,
            oracles: OracleConfiguration(enabled: [.crash, .hang], errorMessage: "error"))
        // One input in flight, so the blame does not rest on timing: the input that freezes the server (15) is the
        // last of its generation of 16, and every later one finds the server frozen. (With inputs side by side the
        // choice is read from their timeline, and two that reach the server within moments of its freezing cannot
        // be told apart from outside.)
        configuration.jobs = 1
        configuration.generationSize = 16
        configuration.replyTimeout = .seconds(1)
        let summary: FuzzSummary
        do {
            summary = try await FuzzCampaign(configuration).run()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        let hang = try #require(
            summary.findings.first { $0.signature == "no answer to new connections" }, "\(summary.findings.map(\.id))")
        #expect(summary.stoppedBecause?.contains("--launch") == true)
        let store = FindingStore(root: configuration.findingsRoot, target: configuration.targetName)
        let saved = try FindingStore.load(folder: store.folder.appendingPathComponent(hang.id).path)
        let messages = WireCheck.check(saved.reproducer.wireBytes).messages.compactMap {
            try? JSONParser().parse($0.payload)
        }
        // The fixture freezes on a ping whose payload has a nonce.
        let freezes = messages.contains { $0["type"]?.stringValue == "ping" && $0["payload"]?["nonce"] != nil }
        #expect(freezes, "blamed input \(hang.iteration): \(CorpusFormat.write(saved.reproducer))")
        print("frozen server: blamed input \(hang.iteration) of \(summary.executions) execs")
    }
}
