import WebSocketWire

/// Sections 12 and 13 of Autobahn|Testsuite: 1000 round trips of compressed messages per case (RFC 7692), with the
/// same ids, message sizes, auto-fragmentation and client offers.
///
/// Section 12 sends each of the five payload files with the default offer; section 13 sends the JSON report under
/// seven offers. A server that declines permessage-deflate makes a case UNIMPLEMENTED, as in Autobahn. Echoes are
/// compared by SHA-256 with what was sent (`Case.echoesSentMessages`), each as soon as it arrives.
enum DeflateCases {
    static let rule =
        "RFC 7692 §6 and §7.2: a message compressed with the agreed parameters inflates to exactly what was sent, "
        + "and an echo returns every message unchanged, compressed or not (compression is per message)."

    /// Autobahn's `MSG_SIZES`: (message size, auto-fragment size; 0 = one frame, seconds the case may take). Every
    /// row sends 1000 messages.
    static let sizes: [(size: Int, fragment: Int, wait: Int)] = [
        (16, 0, 60), (64, 0, 60), (256, 0, 120), (1024, 0, 240), (4096, 0, 480), (8192, 0, 480), (16384, 0, 480),
        (32768, 0, 480), (65536, 0, 480), (131072, 0, 480), (8192, 256, 480), (16384, 256, 480), (32768, 256, 480),
        (65536, 256, 480), (131072, 256, 480), (131072, 1024, 480), (131072, 4096, 480), (131072, 32768, 480),
    ]
    static let messageCount = 1000

    /// Section 12's files, in Autobahn's order (its `WS_COMPRESSION_TESTDATA_KEYS`).
    static let section12Payloads: [DeflatePayload] = [.jsonReport, .bitmap, .germanProse, .htmlPage, .binaryDocument]

    /// Section 13's client offers, from Autobahn's `DEFLATE_PARAMS`. Autobahn asks for server_max_window_bits=8
    /// where we ask for 9: zlib cannot write raw deflate with a 256-byte window, and autobahn-python (0.10.x on)
    /// refuses 8 for the same reason. See docs/cases.md.
    static let section13Offers: [[PerMessageDeflateParameters]] = [
        [DeflateOffer.autobahn()],
        [DeflateOffer.autobahn(serverNoContextTakeover: true)],
        [DeflateOffer.autobahn(serverMaxWindowBits: 9)],
        [DeflateOffer.autobahn(serverMaxWindowBits: 15)],
        [DeflateOffer.autobahn(serverNoContextTakeover: true, serverMaxWindowBits: 9)],
        [DeflateOffer.autobahn(serverNoContextTakeover: true, serverMaxWindowBits: 15)],
        [
            DeflateOffer.autobahn(serverNoContextTakeover: true, serverMaxWindowBits: 9),
            DeflateOffer.autobahn(serverNoContextTakeover: true),
            DeflateOffer.autobahn(),
        ],
    ]

    /// Built once per process; each case is a handful of values, the payloads are cut while it runs.
    static let all: [Case] = Self.build()

    private static func build() -> [Case] {
        var cases: [Case] = []
        for (file, payload) in self.section12Payloads.enumerated() {
            for (row, size) in self.sizes.enumerated() {
                cases.append(
                    self.rounds(
                        CaseID("12.\(file + 1).\(row + 1)"), payload, size: size.size, fragment: size.fragment,
                        wait: size.wait, offers: [DeflateOffer.autobahn()]
                    )
                )
            }
        }
        for (group, offers) in self.section13Offers.enumerated() {
            for (row, size) in self.sizes.enumerated() {
                cases.append(
                    self.rounds(
                        CaseID("13.\(group + 1).\(row + 1)"), .jsonReport, size: size.size, fragment: size.fragment,
                        wait: size.wait, offers: offers
                    )
                )
            }
        }
        return cases
    }

    private static func rounds(
        _ id: CaseID, _ payload: DeflatePayload, size: Int, fragment: Int, wait: Int,
        offers: [PerMessageDeflateParameters]
    ) -> Case {
        let rounds = EchoRounds(
            payload: payload,
            messageSize: size,
            count: self.messageCount,
            fragmentSize: fragment > 0 ? fragment : nil,
            timeout: Waits.roundTrip
        )
        let framing = fragment > 0 ? "auto-fragmented into frames of \(fragment) octets" : "each in one frame"
        let offer = offers.map(\.description).joined(separator: ", ")
        var testCase = Case(
            id: id,
            description: "Send \(self.messageCount) compressed messages of \(size) octets cut from \(payload.title), "
                + "\(framing), each after the previous echo; offer \(offer).",
            expectation: "Every message comes back unchanged (compared by SHA-256) within \(wait) s, then a clean "
                + "close with 1000; UNIMPLEMENTED when the server declines permessage-deflate.",
            rule: self.rule,
            steps: [.echoRounds(rounds), .closeAfter(.zero)],
            outcomes: [.init(.ok, [])],
            close: .normal,
            handshake: .deflate(DeflateOffer(offers: offers))
        )
        testCase.echoesSentMessages = true
        testCase.timeLimit = .seconds(wait)
        return testCase
    }
}
