import WebSocketWire

/// Section 7, Close Handling: the closing handshake (RFC 6455 §5.5.1, §7), what may follow a close frame, close
/// payload rules and which close codes may appear on the wire (§7.4).
enum CloseCases {
    static let handshakeRule =
        "RFC 6455 §5.5.1: after sending a Close frame an endpoint must not send more data, "
        + "and an endpoint that receives a Close answers with a Close; data after the peer's Close is discarded."
    static let payloadRule =
        "RFC 6455 §5.5.1: a close body is empty or a 2-byte status code followed by a UTF-8 "
        + "reason, and a control frame carries at most 125 bytes (§5.5)."
    static let codeRule =
        "RFC 6455 §7.4.1–7.4.2: only codes 1000-1003, 1007-1011, 3000-4999 and codes the IANA "
        + "registry adds (1012-1014) may be sent; an endpoint receiving another code fails the connection."

    /// Codes a client may send and the server must accept (Autobahn 7.7.x, in order).
    static let validCodes: [UInt16] = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]
    /// Codes no endpoint may send (Autobahn 7.9.x, in order).
    static let invalidCodes: [UInt16] = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999]

    static var all: [Case] {
        self.afterClose + self.payloads + self.codes
    }

    private static func harnessCloses(_ codes: [CloseCode], clean: Bool) -> CloseExpectation {
        CloseExpectation(initiator: .harness, allowedCodes: codes, requireClean: clean)
    }

    private static func closeBody(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
    }

    /// 7.1.x: what the server does with frames that follow the harness's close.
    private static var afterClose: [Case] {
        let hello = Array("Hello World!".utf8)
        let normal = self.closeBody(1000)
        func after(
            _ id: CaseID, _ description: String, _ expectation: String, _ steps: [Step], _ events: [ApplicationEvent]
        ) -> Case {
            Case(
                id: id,
                description: description,
                expectation: expectation,
                rule: self.handshakeRule,
                steps: steps + [.killAfter(Waits.failure)],
                outcomes: [.init(.ok, events)],
                close: .normal
            )
        }
        let big = Array(String(repeating: "BAsd7&jh23", count: 256 * 1024 / 10 + 1).utf8.prefix(256 * 1024))
        return [
            after(
                "7.1.1", "Send a text message; the harness closes as soon as the echo is in.",
                "The message is echoed, then the server answers the close; a clean close with 1000.",
                [.send(.raw(.text, hello))], [.text(hello)]
            ),
            after(
                "7.1.2", "Send a close frame, then a second close frame.",
                "The server answers the first close and ignores the second; a clean close with 1000.",
                [.sendClose(payload: normal), .send(.raw(.close, normal))], []
            ),
            after(
                "7.1.3", "Send a close frame, then a ping.",
                "The server answers the close and not the ping; a clean close with 1000.",
                [.sendClose(payload: normal), .send(.raw(.ping, hello))], []
            ),
            after(
                "7.1.4", "Send a close frame, then a text message.",
                "The server answers the close and does not echo the message; a clean close with 1000.",
                [.sendClose(payload: normal), .send(.raw(.text, hello))], []
            ),
            after(
                "7.1.5", "Send the first fragment of a text message, a close frame, then the last fragment.",
                "The server answers the close and echoes nothing; a clean close with 1000.",
                [
                    .send(.raw(.text, Array("fragment1".utf8), fin: false)), .sendClose(payload: normal),
                    .send(.raw(.continuation, Array("fragment2".utf8))),
                ],
                []
            ),
            Case(
                id: "7.1.6",
                description:
                    "Send a 256 KiB text message, a small text message, a close frame and a ping, back to back.",
                expectation: "Implementation-defined: the messages may or may not be echoed before the close.",
                rule: self.handshakeRule,
                steps: [
                    .sendBytes(FrameEncoder.encode([.raw(.text, big), .raw(.text, hello)])),
                    .sendClose(payload: normal), .send(.raw(.ping, [])), .killAfter(Waits.failure),
                ],
                outcomes: [.init(.ok, [.text(big), .text(hello)]), .init(.nonStrict, [])],
                close: CloseExpectation(
                    initiator: .harness,
                    allowedCodes: [.normalClosure],
                    requireClean: true,
                    informational: true
                )
            ),
        ]
    }

    /// 7.3.x and 7.5.1: close bodies that are empty, too short, too long or not UTF-8.
    private static var payloads: [Case] {
        func body(_ id: CaseID, _ description: String, _ payload: [UInt8], valid: Bool, codes: [CloseCode]) -> Case {
            Case(
                id: id,
                description: description,
                expectation: valid
                    ? "The server answers with a close frame; a clean close."
                    : "The server fails the connection with \(codes.map { String($0.rawValue) }.joined(separator: " or ")), or drops TCP.",
                rule: self.payloadRule,
                steps: [.sendClose(payload: payload), .killAfter(Waits.failure)],
                outcomes: [.init(.ok, [])],
                close: self.harnessCloses(codes, clean: valid)
            )
        }
        let invalidReason: [UInt8] = [
            0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74,
            0x65, 0x64,
        ]
        return [
            body("7.3.1", "Send a close frame with an empty body.", [], valid: true, codes: [.normalClosure]),
            body("7.3.2", "Send a close frame whose body is 1 byte.", [0x61], valid: false, codes: [.protocolError]),
            body(
                "7.3.3", "Send a close frame with code 1000 and no reason.", self.closeBody(1000), valid: true,
                codes: [.normalClosure]),
            body(
                "7.3.4", "Send a close frame with code 1000 and a short reason.",
                self.closeBody(1000, Array("Hello World!".utf8)), valid: true, codes: [.normalClosure]
            ),
            body(
                "7.3.5", "Send a close frame with code 1000 and a 123-byte reason (125 bytes in all).",
                self.closeBody(1000, [UInt8](repeating: UInt8(ascii: "*"), count: 123)), valid: true,
                codes: [.normalClosure]
            ),
            body(
                "7.3.6", "Send a close frame with code 1000 and a 124-byte reason (126 bytes, over the control limit).",
                self.closeBody(1000, [UInt8](repeating: UInt8(ascii: "*"), count: 124)), valid: false,
                codes: [.protocolError]
            ),
            body(
                "7.5.1", "Send a close frame with code 1000 and a reason that is not valid UTF-8.",
                self.closeBody(1000, invalidReason), valid: false, codes: [.protocolError, .invalidPayloadData]
            ),
        ]
    }

    /// 7.7.x, 7.9.x and 7.13.x: close codes that may, may not, or are not defined to appear on the wire.
    private static var codes: [Case] {
        let valid = self.validCodes.enumerated().map { index, code in
            Case(
                id: CaseID("7.7.\(index + 1)"),
                description: "Send a close frame with the valid close code \(code).",
                expectation: "The server answers with a close frame echoing \(code), or with 1000; a clean close.",
                rule: self.codeRule,
                steps: [.sendClose(payload: self.closeBody(code)), .killAfter(Waits.failure)],
                outcomes: [.init(.ok, [])],
                close: self.harnessCloses([.normalClosure, CloseCode(code)], clean: true)
            )
        }
        let invalid = self.invalidCodes.enumerated().map { index, code in
            Case(
                id: CaseID("7.9.\(index + 1)"),
                description: "Send a close frame with the invalid close code \(code).",
                expectation: "The server fails the connection with 1002, or drops TCP.",
                rule: self.codeRule,
                steps: [.sendClose(payload: self.closeBody(code)), .killAfter(Waits.failure)],
                outcomes: [.init(.ok, [])],
                close: self.harnessCloses([.protocolError], clean: false)
            )
        }
        let undefined = [UInt16(5000), 65535].enumerated().map { index, code in
            Case(
                id: CaseID("7.13.\(index + 1)"),
                description: "Send a close frame with close code \(code), outside every range RFC 6455 defines.",
                expectation: "Undefined by the RFC; the outcome is recorded as INFORMATIONAL.",
                rule: self.codeRule,
                steps: [.sendClose(payload: self.closeBody(code)), .killAfter(Waits.failure)],
                outcomes: [.init(.ok, [])],
                close: CloseExpectation(
                    initiator: .harness,
                    allowedCodes: [.normalClosure, CloseCode(code), .protocolError],
                    requireClean: false,
                    informational: true
                )
            )
        }
        return valid + invalid + undefined
    }
}
