import GauntletCore
import MessageSchema
import Testing

/// The built-in checks judged from hand-made records, without sockets: each one can fail on its own.
@Suite("Built-in scenario checks")
struct ScenarioJudgeTests {
    static let endpoint: ProtocolEndpoint? = {
        let path = ScenarioSuiteTests.folder + "/protocol.wsapi.yaml"
        return try? ProtocolLoader().load(path: path).value.endpoints.first
    }()

    static func judge(
        _ texts: [String], sent: Set<String> = ["c-1"], failures: [ScenarioRecord.StepFailure] = []
    )
        throws -> Judgement
    {
        let endpoint = try #require(Self.endpoint)
        var testCase = Case(
            id: "S.unit", description: "", expectation: "", rule: "", steps: [], outcomes: [], close: .normal)
        testCase.scenario = ScenarioScript(name: "unit", source: "unit.yaml:1:1", endpoint: endpoint, steps: [])
        var record = ScenarioRecord()
        record.received = texts.map { ScenarioRecord.Received(client: "a", text: $0) }
        record.sentIDs = ["a": sent]
        record.failures = failures
        var observation = Observation(handshake: .rejected(nil, reasons: []), transcript: Transcript(byteLimit: 0))
        observation.scenario = record
        return Judge.judge(testCase, observation)
    }

    static let ack = #"{"id":"s-1","type":"ack","timestamp":"2026-01-01T00:00:00Z","reply_to":"c-1","payload":{}}"#

    @Test("Valid, correlated server messages pass")
    func validPasses() throws {
        #expect(try Self.judge([Self.ack]).verdict == .ok)
    }

    @Test("A schema-invalid message fails, naming the instance path and keyword location")
    func schemaInvalid() throws {
        let bad =
            #"{"id":"s-1","type":"error","timestamp":"2026-01-01T00:00:00Z","payload":{"code":"oops","message":"m"}}"#
        let judgement = try Self.judge([bad])
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("instance path '/payload/code'"), "\(judgement.reason)")
        #expect(judgement.reason.contains("keyword location '"))
    }

    @Test("An unknown message type fails")
    func unknownType() throws {
        let odd = #"{"id":"s-1","type":"mystery","timestamp":"2026-01-01T00:00:00Z","payload":{}}"#
        let judgement = try Self.judge([odd])
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("unknown message type"), "\(judgement.reason)")
    }

    @Test("A reply to an id the client never sent fails")
    func uncorrelatedReply() throws {
        let judgement = try Self.judge([Self.ack], sent: ["c-2"])
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.contains("reply_to 'c-1'"), "\(judgement.reason)")
    }

    @Test("Non-JSON server text fails")
    func notJSON() throws {
        #expect(try Self.judge(["hello"]).verdict == .failed)
    }

    @Test("A failed step is the verdict's reason, with its file position")
    func stepFailure() throws {
        let failure = ScenarioRecord.StepFailure(location: "x.yaml:4:5", client: "a", message: "expected ack")
        let judgement = try Self.judge([Self.ack], failures: [failure])
        #expect(judgement.verdict == .failed)
        #expect(judgement.reason.hasPrefix("Step at x.yaml:4:5 (client a): expected ack"))
    }
}
