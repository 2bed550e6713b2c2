import Testing
import WebSocketWire

@testable import GauntletCore

/// The catalogue judged against servers known to be correct: every case must get exactly the verdict documented
/// for that server in docs/cases.md, or the case is wrong.
/// Serialized: each run drives 16 connections with up to 16 MiB messages; overlapping four of them on a small CI
/// machine would make section 9's waits a measure of load.
@Suite("The catalogue against real servers", .serialized)
struct CatalogueConformanceTests {
    /// The catalogue minus most of sections 12 and 13: their 216 cases send 216,000 compressed messages, too slow for
    /// a debug test run, so each 12.x/13.x group keeps its representative rows (`DeflateCaseTests`). CI runs the full
    /// sections against Python websockets with the CLI and `--baseline` (docs/ci.md).
    static let cases = Catalogue.all.filter { testCase in
        !["12", "13"].contains(testCase.id.section)
            || DeflateCaseTests.representative.contains { $0.id == testCase.id }
    }

    @Test("Every case gets the verdict in expected-results/reference.json: OK, or INFORMATIONAL where the RFC is open")
    func referenceServerGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("reference")
        let results = try await Harness.withReferenceServer { server in
            await Harness.run(Self.cases, port: server.port, jobs: 16)
        }
        #expect(results.count == Self.cases.count)
        #expect(Harness.failures(results) == [])
        #expect(expected.mismatches(results) == [])
        #expect(expected.unknownIDs(in: Catalogue.all) == [])
    }

    @Test(
        "Every case gets the verdict in expected-results/python-websockets.json",
        .enabled(if: ThirdPartyServer.isAvailable || ThirdPartyServer.isRequired, "needs .venv with websockets")
    )
    func pythonWebsocketsGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("python-websockets")
        let server = try ThirdPartyServer()
        defer { server.stop() }
        await Self.expectVerdicts(expected, port: server.port)
    }

    @Test(
        "Every case gets the verdict in expected-results/python-aiohttp.json",
        .enabled(
            if: ThirdPartyServer.isAvailable(module: "aiohttp", interpreter: ThirdPartyServer.aiohttpInterpreter)
                || ThirdPartyServer.isRequired,
            "needs GAUNTLET_AIOHTTP_PYTHON with aiohttp"
        )
    )
    func aiohttpGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("python-aiohttp")
        let server = try ThirdPartyServer(target: "python-aiohttp", interpreter: ThirdPartyServer.aiohttpInterpreter)
        defer { server.stop() }
        await Self.expectVerdicts(expected, port: server.port)
    }

    @Test(
        "Every case gets the verdict in expected-results/node-ws.json",
        .enabled(
            if: ThirdPartyServer.nodeWSIsAvailable || ThirdPartyServer.isRequired,
            "needs GAUNTLET_NODE_PATH pointing at Debian's node-ws (usr/share/nodejs)"
        )
    )
    func nodeWSGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("node-ws")
        let server = try ThirdPartyServer(
            target: "node-ws",
            script: "server.js",
            interpreter: ThirdPartyServer.node,
            environment: ["NODE_PATH": ThirdPartyServer.nodePath ?? ""]
        )
        defer { server.stop() }
        await Self.expectVerdicts(expected, port: server.port)
    }

    @Test(
        "Every case gets the verdict in expected-results/python-starlette.json",
        .enabled(
            if: ThirdPartyServer.starletteIsAvailable || ThirdPartyServer.isRequired,
            "needs GAUNTLET_STARLETTE_PYTHON (or .venv) with uvicorn and starlette"
        )
    )
    func starletteGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("python-starlette")
        let server = try ThirdPartyServer.start("python-starlette")
        defer { server.stop() }
        await Self.expectVerdicts(expected, port: server.port)
    }

    @Test(
        "Every case gets the verdict in expected-results/go-gorilla.json",
        .enabled(
            if: ThirdPartyServer.goGorillaIsAvailable || ThirdPartyServer.isRequired,
            "needs the Go target built into .build-go/dashboard (or GAUNTLET_GO_DASHBOARD)"
        )
    )
    func goGorillaGetsItsExpectedResults() async throws {
        let expected = try ExpectedResults.load("go-gorilla")
        let server = try ThirdPartyServer.start("go-gorilla")
        defer { server.stop() }
        await Self.expectVerdicts(expected, port: server.port)
    }

    @Test("The catalogue holds Autobahn's sections with their case counts, and section H, with unique ids in order")
    func catalogueMatchesAutobahnSections() {
        let ids = Catalogue.all.map(\.id)
        let counts: [String: Int] = [
            "1": 16, "2": 11, "3": 7, "4": 10, "5": 20, "6": 145, "7": 37, "9": 54, "10": 1, "12": 90, "13": 126,
        ]
        for (section, count) in counts {
            #expect(ids.filter { $0.section == section }.count == count, "section \(section)")
        }
        #expect(ids.filter { $0.section == "H" }.count >= 20)
        #expect(ids.filter { $0.section == "C" }.count == 2)
        #expect(ids.filter { $0.section == "D" }.count >= 12)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test("Each UTF-8 stress sequence is marked valid exactly when the validator accepts it, 132 in all")
    func stressSequencesAgreeWithTheValidator() {
        let sequences = UTF8StressCases.groups.flatMap(\.sequences)
        #expect(sequences.count == 132)
        #expect(UTF8StressCases.groups.count == 19)
        for sequence in sequences {
            #expect((UTF8Validator.validate(sequence.bytes) == .valid) == sequence.valid, "\(sequence.bytes)")
        }
    }

    /// Runs the whole catalogue against `port` and requires every case to get the verdict `expected` pins.
    private static func expectVerdicts(_ expected: ExpectedResults, port: Int) async {
        let results = await Harness.run(Self.cases, port: port, jobs: 16)
        #expect(results.count == Self.cases.count)
        #expect(expected.mismatches(results) == [])
        #expect(expected.unknownIDs(in: Catalogue.all) == [])
    }
}
