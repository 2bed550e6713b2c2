import GauntletCore
import Testing

/// The agent-dashboard sample suite against every third-party example target in `targets/`: each implements the
/// protocol in its own runtime, and all 19 scenarios must pass on each, as they do on the reference server.
/// Nested in the serialized catalogue suite: while a catalogue run pushes 16 MiB messages through the harness, the
/// scenario runs' handshakes starved for over 20 s on a two-core machine; one target at a time, they never do.
extension CatalogueConformanceTests {
    @Suite("Sample scenarios against the third-party targets")
    struct ThirdPartyScenarioTests {
        @Test(
            "Every sample scenario passes against the Python websockets target",
            .enabled(if: ThirdPartyServer.isAvailable || ThirdPartyServer.isRequired, "needs .venv with websockets")
        )
        func pythonWebsocketsPassesTheSuite() async throws {
            try await Self.expectAllPass("python-websockets")
        }

        @Test(
            "Every sample scenario passes against the aiohttp target",
            .enabled(
                if: ThirdPartyServer.isAvailable(module: "aiohttp", interpreter: ThirdPartyServer.aiohttpInterpreter)
                    || ThirdPartyServer.isRequired,
                "needs GAUNTLET_AIOHTTP_PYTHON with aiohttp"
            )
        )
        func aiohttpPassesTheSuite() async throws {
            try await Self.expectAllPass("python-aiohttp")
        }

        @Test(
            "Every sample scenario passes against the Starlette on uvicorn target",
            .enabled(
                if: ThirdPartyServer.starletteIsAvailable || ThirdPartyServer.isRequired,
                "needs GAUNTLET_STARLETTE_PYTHON (or .venv) with uvicorn and starlette"
            )
        )
        func starlettePassesTheSuite() async throws {
            try await Self.expectAllPass("python-starlette")
        }

        @Test(
            "Every sample scenario passes against the Node ws target",
            .enabled(
                if: ThirdPartyServer.nodeWSIsAvailable || ThirdPartyServer.isRequired,
                "needs GAUNTLET_NODE_PATH pointing at Debian's node-ws (usr/share/nodejs)"
            )
        )
        func nodeWSPassesTheSuite() async throws {
            try await Self.expectAllPass("node-ws")
        }

        @Test(
            "Every sample scenario passes against the Go gorilla/websocket target",
            .enabled(
                if: ThirdPartyServer.goGorillaIsAvailable || ThirdPartyServer.isRequired,
                "needs the Go target built into .build-go/dashboard (or GAUNTLET_GO_DASHBOARD)"
            )
        )
        func goGorillaPassesTheSuite() async throws {
            try await Self.expectAllPass("go-gorilla")
        }

        /// Runs the whole sample suite against the named target and requires every scenario to pass.
        private static func expectAllPass(_ target: String) async throws {
            let suite = ScenarioSuiteTests.suite()
            #expect(suite.errors.map(\.description) == [])
            let server = try ThirdPartyServer.start(target)
            defer { server.stop() }
            // Verdicts, not speed: an interpreter starved by the suite's parallel catalogue runs still gets its answers
            // judged, so every wait is stretched (the scenarios' quiet periods are short).
            var limits = RunLimits()
            limits.timeoutScale = 4
            let target = Target(host: "127.0.0.1", port: server.port)
            let results = await Runner(target: target, limits: limits, jobs: 8).run(suite.cases)
            #expect(results.count == suite.cases.count)
            #expect(Harness.failures(results) == [], "\(target)")
        }
    }
}
