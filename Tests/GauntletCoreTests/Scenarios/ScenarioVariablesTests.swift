import Foundation
import GauntletCore
import Testing

/// `${uuid}` and `${now}` resolve to values the server accepts (it validates ids and RFC 3339 timestamps against
/// the protocol's schemas), and captured values flow into later steps, over loopback against the reference server.
@Suite("Scenario variables")
struct ScenarioVariablesTests {
    @Test("${uuid} makes a fresh valid id and ${now} a valid timestamp; a capture carries the id to a later match")
    func generatedValues() async throws {
        let result = try await ScenarioAuthTests.run(
            """
            name: generated-values
            steps:
              - connect: {client: dash, auth: "${env.DASHBOARD_TOKEN}"}
              - send:
                  client: dash
                  message: subscribe
                  fields: {id: "${uuid}", timestamp: "${now}", payload: {topics: [agent-vars.status]}}
              - expect:
                  client: dash
                  message: ack
                  fields: {reply_to: {regex: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}}
                  capture: {subscription: reply_to}
              - send: {client: dash, message: unsubscribe, fields: {id: "u-${subscription}", payload: {topics: [agent-vars.status]}}}
              - expect: {client: dash, message: ack, fields: {reply_to: "u-${subscription}"}}
            """)
        #expect(!result.judgement.isFailure, "\(result.judgement.reason)")
    }

    @Test("A timestamp the server's schema refuses fails the scenario, so the check above can fail")
    func invalidTimestampFails() async throws {
        let result = try await ScenarioAuthTests.run(
            """
            name: bad-timestamp
            steps:
              - connect: {client: dash, auth: "${env.DASHBOARD_TOKEN}"}
              - send: {client: dash, message: subscribe, fields: {id: s1, timestamp: "yesterday", payload: {topics: [a.status]}}}
              - expect: {client: dash, message: ack, fields: {reply_to: s1}, within: 1}
            """)
        #expect(result.judgement.isFailure)
    }
}
