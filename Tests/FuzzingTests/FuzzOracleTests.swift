import Foundation
import Fuzzing
import GauntletCore
import MessageSchema
import Testing
import WebSocketWire

/// The oracles as pure functions of hand-made observations: each one fires on the behaviour it names and stays
/// quiet on a correct answer.
@Suite("Fuzz oracles")
struct FuzzOracleTests {
    static let endpoint = Result { try FuzzFixtures.endpoint() }

    func observation(
        _ replies: [String] = [], closeCode: UInt16? = 1000, closedByHarness: Bool = true, peerClosed: Bool = true,
        dropped: Bool = false
    ) -> Observation {
        var observation = Observation(
            handshake: .upgraded(HandshakeResponse(statusCode: 101)), transcript: Transcript(byteLimit: 1024))
        observation.received = [.marker(FuzzInput.marker)] + replies.map { ApplicationEvent.text($0) }
        observation.closing.closeSent = true
        observation.closing.closedByHarness = closedByHarness
        if let closeCode {
            observation.closing.closeReceived = true
            observation.closing.serverCode = CloseCode(closeCode)
        }
        observation.closing.droppedByHarness = dropped
        if peerClosed { observation.events.append(.init(atMilliseconds: 1, kind: .tcpClosedByPeer(reset: false))) }
        return observation
    }

    func input(_ intent: FuzzInput.Intent, open: Bool = false) -> FuzzInput {
        FuzzInput(layer: .messages, intent: intent, actions: [], note: "test", leavesFrameOpen: open)
    }

    func hits(_ input: FuzzInput, _ observation: Observation) throws -> [FuzzOracle.Kind] {
        let endpoint = try Self.endpoint.get()
        return FuzzOracle.judge(
            input, observation, configuration: try FuzzFixtures.oracles(endpoint), endpoint: endpoint
        )
        .map(\.oracle)
    }

    static let error =
        #"{"id":"s1","type":"error","timestamp":"2026-01-01T00:00:00Z","payload":{"code":"internal","message":"x"}}"#
    static let ack = #"{"id":"s2","type":"ack","timestamp":"2026-01-01T00:00:00Z","reply_to":"c1","payload":{}}"#

    @Test("A clean answer to valid input fires nothing")
    func quietOnCleanAnswer() throws {
        #expect(try self.hits(self.input(.valid), self.observation([Self.ack])).isEmpty)
    }

    @Test("No reply, no close and no end of TCP is a hang, unless the input left a frame open")
    func hang() throws {
        let silent = self.observation(closeCode: nil, peerClosed: false, dropped: true)
        #expect(try self.hits(self.input(.valid), silent).contains(.hang))
        #expect(try !self.hits(self.input(.invalidWire, open: true), silent).contains(.hang))
    }

    @Test("Valid input must not end in a dropped TCP connection without a close frame")
    func uncleanDrop() throws {
        #expect(try self.hits(self.input(.valid), self.observation(closeCode: nil)) == [.uncleanDrop])
        #expect(try self.hits(self.input(.invalidWire), self.observation(closeCode: nil)).isEmpty)
    }

    @Test("Valid input must not earn an error with a code the protocol does not allow, nor a 1011 close")
    func errorOnValid() throws {
        #expect(try self.hits(self.input(.valid), self.observation([Self.error])) == [.errorOnValid])
        #expect(
            try self.hits(self.input(.valid), self.observation(closeCode: 1011, closedByHarness: false)) == [
                .errorOnValid
            ])
        let allowed = Self.error.replacingOccurrences(of: "internal", with: "not_found")
        #expect(try self.hits(self.input(.valid), self.observation([allowed])).isEmpty)
    }

    @Test("Invalid application input needs the protocol's error or a policy close")
    func invalidInput() throws {
        #expect(try self.hits(self.input(.invalidApplication), self.observation([Self.ack])) == [.invalidInputAccepted])
        #expect(try self.hits(self.input(.invalidApplication), self.observation([Self.error])).isEmpty)
        let policy = self.observation(closeCode: 1008, closedByHarness: false)
        #expect(try self.hits(self.input(.invalidApplication), policy).isEmpty)
        let protocolError = self.observation(closeCode: 1002, closedByHarness: false)
        #expect(try self.hits(self.input(.invalidApplication), protocolError) == [.invalidInputAccepted])
    }

    @Test("Invalid input that starts the closing handshake itself is owed no application answer")
    func inputWithItsOwnClose() throws {
        var input = self.input(.invalidApplication)
        input.sendsClose = true
        #expect(try self.hits(input, self.observation(closeCode: 1000, closedByHarness: false)).isEmpty)
    }

    @Test("A server message that breaks its schema is a finding whatever the input")
    func invalidServerMessage() throws {
        let broken = Self.ack.replacingOccurrences(of: #""payload":{}"#, with: #""payload":{"extra":1}"#)
        #expect(try self.hits(self.input(.invalidWire), self.observation([broken])) == [.invalidServerMessage])
    }

    @Test("A server frame that breaks RFC 6455 is a finding")
    func serverViolation() throws {
        var observation = self.observation()
        observation.violations = [FrameViolation(kind: .maskedServerFrame, detail: "masked", offset: 0)]
        #expect(try self.hits(self.input(.invalidWire), observation) == [.serverViolation])
    }

    @Test("Oracles switched off in the protocol's settings stay quiet")
    func disabledOracles() throws {
        let endpoint = try Self.endpoint.get()
        var configuration = try FuzzFixtures.oracles(endpoint)
        configuration.enabled.remove(.errorOnValid)
        let hits = FuzzOracle.judge(
            self.input(.valid), self.observation([Self.error]), configuration: configuration, endpoint: endpoint)
        #expect(hits.isEmpty)
    }

    @Test("A protocol that lets servers keep the last of repeated keys switches off only that acceptance check")
    func duplicateKeysMayBeAccepted() throws {
        let endpoint = try Self.endpoint.get()
        func input(_ json: String) -> FuzzInput {
            FuzzInput(
                layer: .messages, intent: .valid,
                actions: [.frame(.client(.text, payload: Array(json.utf8)), chop: nil, pauseMilliseconds: nil)],
                note: "test"
            )
            .classified(endpoint: endpoint)
        }
        let repeated = input(
            #"{"type":"no.such.type","id":"c1","type":"ping","timestamp":"2026-01-01T00:00:00Z","payload":{}}"#)
        let wrongType = input(#"{"id":"c1","type":"ping","timestamp":"2026-01-01T00:00:00Z","payload":{"x":1}}"#)
        #expect(repeated.intent == .invalidApplication && wrongType.intent == .invalidApplication)
        var configuration = try FuzzFixtures.oracles(endpoint)
        func hits(_ input: FuzzInput) -> [FuzzOracle.Kind] {
            FuzzOracle.judge(input, self.observation([Self.ack]), configuration: configuration, endpoint: endpoint)
                .map(\.oracle)
        }
        #expect(hits(repeated) == [.invalidInputAccepted], "refused by default")
        configuration.refusesDuplicateKeys = false
        #expect(hits(repeated).isEmpty)
        #expect(hits(wrongType) == [.invalidInputAccepted], "other invalid input is still owed a refusal")
    }

    @Test("The oracle file's refuse_duplicate_keys key is read, and only as a boolean")
    func duplicateKeysSetting() throws {
        let folder = FuzzFixtures.temporaryFolder("oracle-duplicate-keys")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/oracles.yaml"
        try "error_message: error\nrefuse_duplicate_keys: false\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let loaded = try OracleConfiguration.load(path: file, base: OracleConfiguration())
        #expect(!loaded.refusesDuplicateKeys && loaded.enabled.contains(.invalidInputAccepted))
        #expect(OracleConfiguration().refusesDuplicateKeys)
        try "refuse_duplicate_keys: sometimes\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ProtocolLoadError.self) {
            try OracleConfiguration.load(path: file, base: OracleConfiguration())
        }
    }

    @Test("Delta debugging isolates the one byte that matters within its budget")
    func minimizerIsolatesTheCause() async {
        var bytes = [UInt8](repeating: 0x41, count: 1000)
        bytes[617] = 0xFF
        let input = FuzzInput(
            layer: .frames, intent: .invalidWire, actions: [.bytes(bytes, chop: nil, pauseMilliseconds: nil)], note: "n"
        )
        let (smallest, runs) = await Minimizer(budget: 200).minimize(input) { candidate in
            candidate.wireBytes.contains(0xFF)
        }
        #expect(smallest.wireBytes == [0xFF])
        #expect(runs <= 200)
    }
}
