import GauntletCore
import Testing

/// The catalogue judged against servers known to be correct: every case must be OK, or the case is wrong.
@Suite("The catalogue against correct servers")
struct CatalogueConformanceTests {
    @Test("Every built-in case is OK against the reference server")
    func everyCaseIsOKAgainstTheReferenceServer() async throws {
        let results = try await Harness.withReferenceServer { server in
            await Harness.run(Catalogue.all, port: server.port)
        }
        #expect(results.count == Catalogue.all.count)
        #expect(Harness.failures(results) == [])
        #expect(results.allSatisfy { $0.judgement.verdict == .ok && $0.judgement.closeVerdict == .ok })
    }

    @Test(
        "Every built-in case is OK against Python's websockets library",
        .enabled(if: PythonEchoServer.isAvailable || PythonEchoServer.isRequired, "needs .venv with websockets")
    )
    func everyCaseIsOKAgainstPythonWebsockets() async throws {
        let server = try PythonEchoServer()
        defer { server.stop() }
        let results = await Harness.run(Catalogue.all, port: server.port)
        #expect(results.count == Catalogue.all.count)
        #expect(Harness.failures(results) == [])
        #expect(results.allSatisfy { $0.judgement.verdict == .ok && $0.judgement.closeVerdict == .ok })
    }

    @Test("Sections 1 and 2 hold Autobahn's 16 and 11 cases, with unique ids in order")
    func catalogueMatchesAutobahnSections() {
        let ids = Catalogue.all.map(\.id)
        #expect(ids.filter { $0.section == "1" }.count == 16)
        #expect(ids.filter { $0.section == "2" }.count == 11)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }
}
