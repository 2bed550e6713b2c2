import Foundation
import GauntletCore
import MessageSchema
import ReferenceServer
import Testing

/// `connect: {auth: ...}` follows the protocol's auth strategy with the token from the environment, or the placement
/// `as:` names, and the answer's headers can be matched; run against the reference server's dashboard endpoint.
@Suite("Scenario auth and handshake options")
struct ScenarioAuthTests {
    static let protocolPath = ScenarioSuiteTests.folder + "/protocol.wsapi.yaml"

    static func load(_ yaml: String, protocolPath: String = Self.protocolPath) throws -> Case {
        setenv("DASHBOARD_TOKEN", ReferenceServerConfiguration().dashboardToken, 1)
        let loaded = try ProtocolLoader().load(path: protocolPath).value
        let document = try SourceDocument.parse(
            bytes: Array(yaml.utf8), path: "auth.yaml", uri: "file:///auth.yaml", json: false)
        return try ScenarioLoader(endpoint: loaded.endpoints.first, auth: loaded.auth).load(document)
    }

    static func run(_ yaml: String, protocolPath: String = Self.protocolPath) async throws -> CaseResult {
        let testCase = try Self.load(yaml, protocolPath: protocolPath)
        let results = try await Harness.withReferenceServer { server in
            await Harness.run([testCase], port: server.port)
        }
        return try #require(results.first)
    }

    @Test("auth with only a token follows the protocol's strategy (an API key in the query) and is accepted")
    func followsStrategy() async throws {
        let result = try await Self.run(
            """
            name: auth-strategy
            steps:
              - connect: {client: dash, auth: "${env.DASHBOARD_TOKEN}"}
              - expect: {client: dash, message: auth_result, fields: {payload.ok: true}}
            """)
        #expect(!result.judgement.isFailure, "\(result.judgement.reason)")
        #expect(result.observation.scenario?.secrets.contains(ReferenceServerConfiguration().dashboardToken) == true)
    }

    @Test("A token placed where the server does not look (a bearer header) is refused, so placement matters")
    func wrongPlacementFails() async throws {
        let result = try await Self.run(
            """
            name: auth-bearer
            steps:
              - connect: {client: dash, auth: {token: "${env.DASHBOARD_TOKEN}", as: bearer}}
            """)
        #expect(result.judgement.isFailure)
        #expect(
            result.judgement.reason.contains("expected 101 Switching Protocols but got 401"),
            "\(result.judgement.reason)")
    }

    @Test("First-message auth sends the protocol's authenticate message with the token right after the upgrade")
    func firstMessageAuth() async throws {
        let result = try await Self.run(
            """
            name: auth-message
            steps:
              - connect:
                  client: dash
                  query: {token: not-the-right-token-000}
                  auth: {token: "${env.DASHBOARD_TOKEN}", as: message, message: authenticate, field: payload.token}
              - expect: {client: dash, message: auth_result, fields: {payload.ok: false}}
              - expect: {client: dash, message: auth_result, fields: {payload.ok: true, reply_to: {exists: true}}}
            """)
        #expect(!result.judgement.isFailure, "\(result.judgement.reason)")
    }

    @Test("A protocol whose strategy is first-message auth gets the token in that message without saying so")
    func firstMessageStrategy() async throws {
        let original = try String(contentsOfFile: Self.protocolPath, encoding: .utf8)
        let strategy = "auth:\n  type: message\n  message: authenticate\n  field: payload.token\n"
        let changed = original.replacingOccurrences(
            of: "auth:\n  type: apiKey\n  in: query\n  name: token\n", with: strategy)
        #expect(changed != original)
        let path = NSTemporaryDirectory() + "gauntlet-auth-\(UUID().uuidString).wsapi.yaml"
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try ProtocolLoader().load(path: path).value
        #expect(loaded.auth == .firstMessage(message: "authenticate", field: "payload.token"))
        let result = try await Self.run(
            """
            name: auth-first-message-strategy
            steps:
              - connect: {client: dash, query: {token: not-the-right-token-000}, auth: "${env.DASHBOARD_TOKEN}"}
              - expect: {client: dash, message: auth_result, fields: {payload.ok: true}}
            """, protocolPath: path)
        #expect(!result.judgement.isFailure, "\(result.judgement.reason)")
    }

    @Test("Response headers are matched, and a header that is not there fails the step", arguments: [true, false])
    func responseHeaders(present: Bool) async throws {
        let result = try await Self.run(
            """
            name: answer-headers
            steps:
              - connect:
                  client: dash
                  auth: "${env.DASHBOARD_TOKEN}"
                  subprotocols: [dashboard.v1]
                  response_headers: {Upgrade: {regex: "(?i)^websocket$"}, Sec-WebSocket-Protocol: {exists: \(present)}}
            """)
        #expect(result.judgement.isFailure == present, "\(result.judgement.reason)")
        if present {
            #expect(result.judgement.reason.contains("response header Sec-WebSocket-Protocol is absent"))
        }
    }

    @Test(
        "expect_close checks whether the close was clean, and expect: {none: ...} is a quiet period",
        arguments: [true, false])
    func cleanClose(clean: Bool) async throws {
        let result = try await Self.run(
            """
            name: clean-close
            steps:
              - connect: {client: dash, auth: "${env.DASHBOARD_TOKEN}"}
              - expect: {client: dash, message: auth_result}
              - expect: {client: dash, none: 200ms}
              - send: {client: dash, size: 2097152}
              - expect_close: {client: dash, codes: [1009], clean: \(clean)}
            """)
        #expect(result.judgement.isFailure == !clean, "\(result.judgement.reason)")
        if !clean {
            #expect(result.judgement.reason.contains("expected an unclean close"), "\(result.judgement.reason)")
        }
    }

    @Test("Lifecycle and keepalive messages never break a quiet period, other messages do", arguments: [true, false])
    func lifecycleInQuietPeriod(lifecycleOnly: Bool) async throws {
        let send =
            lifecycleOnly
            ? "{client: dash, message: ping}" : "{client: dash, message: list_subscriptions}"
        let result = try await Self.run(
            """
            name: quiet
            steps:
              - connect: {client: dash, auth: "${env.DASHBOARD_TOKEN}"}
              - send: \(send)
              - expect_none: {client: dash, for: 500ms}
            """)
        #expect(result.judgement.isFailure == !lifecycleOnly, "\(result.judgement.reason)")
    }

    @Test(
        "Auth mistakes are refused as the file loads",
        arguments: [
            ("  - connect: {auth: {token: x, as: bearr}}", "did you mean 'bearer'?"),
            ("  - connect: {auth: {tokn: x}}", "unknown key 'tokn'; did you mean 'token'?"),
            ("  - connect: {status: 101}", "leave it out to require 101"),
        ])
    func mistakes(step: String, expected: String) {
        do {
            _ = try Self.load("name: bad\nsteps:\n\(step)\n")
            Issue.record("loaded")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("Without a protocol auth strategy, a bare token asks where it should go")
    func noStrategy() throws {
        let document = try SourceDocument.parse(
            bytes: Array("name: x\nsteps:\n  - connect: {auth: abc}\n".utf8), path: "x.yaml", uri: "file:///x.yaml",
            json: false)
        #expect(throws: ScenarioLoadError.self) { try ScenarioLoader(endpoint: nil).load(document) }
        do {
            _ = try ScenarioLoader(endpoint: nil).load(document)
        } catch {
            #expect(error.description.contains("x.yaml:3:15: the protocol declares no auth strategy"), "\(error)")
        }
    }
}
