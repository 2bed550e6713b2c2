import Testing

@testable import WebSocketWire

@Suite("Close codes and close payloads")
struct CloseCodeTests {
    static let classification: [(UInt16, CloseCode.Category)] = [
        (0, .invalid), (999, .invalid),
        (1000, .sendable), (1001, .sendable), (1002, .sendable), (1003, .sendable),
        (1004, .notOnWire), (1005, .notOnWire), (1006, .notOnWire),
        (1007, .sendable), (1008, .sendable), (1009, .sendable), (1010, .sendable), (1011, .sendable),
        (1012, .sendable), (1013, .sendable), (1014, .sendable),
        (1015, .notOnWire),
        (1016, .invalid), (1100, .invalid), (2000, .invalid), (2999, .invalid),
        (3000, .registered), (3999, .registered),
        (4000, .privateUse), (4999, .privateUse),
        (5000, .invalid), (65535, .invalid),
    ]

    @Test("Each code is classified as the IANA registry says", arguments: Self.classification)
    func classifiesPerRegistry(_ raw: UInt16, _ category: CloseCode.Category) {
        let code = CloseCode(rawValue: raw)
        #expect(code.category == category)
        #expect(code.mayAppearOnWire == [.sendable, .registered, .privateUse].contains(category))
    }

    @Test("Named codes carry the RFC 6455 values")
    func namedCodesHaveTheirValues() {
        #expect(CloseCode.normalClosure.rawValue == 1000)
        #expect(CloseCode.protocolError.rawValue == 1002)
        #expect(CloseCode.noStatusReceived.rawValue == 1005)
        #expect(CloseCode.invalidPayloadData.rawValue == 1007)
        #expect(CloseCode.messageTooBig.rawValue == 1009)
        #expect(CloseCode.badGateway.rawValue == 1014)
        #expect(CloseCode.tlsHandshake.rawValue == 1015)
        #expect(CloseCode.normalClosure.description == "1000 (normalClosure)")
        #expect(CloseCode(4321).description == "4321 (privateUse)")
    }

    @Test("An empty close payload has no code")
    func emptyPayloadHasNoCode() throws {
        let payload = try ClosePayload.parse([]).get()
        #expect(payload.code == nil)
        #expect(payload.reason.isEmpty)
    }

    @Test("A close payload with a code and a UTF-8 reason parses")
    func codeAndReasonParse() throws {
        let payload = try ClosePayload.parse([0x03, 0xE8] + Array("bye ✓".utf8)).get()
        #expect(payload.code == .normalClosure)
        #expect(payload.reasonText == "bye ✓")
    }

    static let badPayloads: [([UInt8], FrameViolation.Kind, Int)] = [
        ([0x03], .invalidClosePayload, 0),
        ([0x03, 0xED], .invalidCloseCode, 0),  // 1005
        ([0x03, 0xEE], .invalidCloseCode, 0),  // 1006
        ([0x03, 0xE7], .invalidCloseCode, 0),  // 999
        ([0x03, 0xF8], .invalidCloseCode, 0),  // 1016
        ([0x13, 0x88], .invalidCloseCode, 0),  // 5000
        ([0x03, 0xE8, 0x41, 0xFF], .invalidUTF8, 3),
        ([0x03, 0xE8, 0xED, 0xA0, 0x80], .invalidUTF8, 3),
        ([0x03, 0xE8, 0x41, 0xE2, 0x82], .invalidUTF8, 3),
    ]

    @Test("A bad close payload is reported with its kind and payload offset", arguments: Self.badPayloads)
    func badPayloadIsReported(_ bytes: [UInt8], _ kind: FrameViolation.Kind, _ offset: Int) {
        switch ClosePayload.parse(bytes) {
        case .success(let payload):
            Issue.record("expected \(kind), parsed \(payload)")
        case .failure(let violation):
            #expect(violation.kind == kind)
            #expect(violation.offset == offset)
            #expect(!violation.rfcSection.isEmpty)
        }
    }

    @Test("Encoding a close payload writes the code big-endian followed by the reason")
    func encodesPayload() {
        #expect(ClosePayload(code: .goingAway, reason: "x").encoded() == [0x03, 0xE9, 0x78])
        #expect(ClosePayload(code: nil, reason: "dropped").encoded() == [])
    }
}
