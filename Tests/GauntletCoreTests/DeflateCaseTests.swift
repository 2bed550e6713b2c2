import Crypto
import ReferenceServer
import Testing
import WebSocketWire

@testable import GauntletCore

/// Sections 12, 13 and D (permessage-deflate, RFC 7692): the cases match Autobahn's, the correct reference server
/// passes them, a server without the extension is UNIMPLEMENTED, and each deflate fault fails exactly the cases that
/// check its rule.
@Suite("Compression cases (sections 12, 13, D)")
struct DeflateCaseTests {
    static let section12And13 = Catalogue.all.filter { ["12", "13"].contains($0.id.section) }
    static let sectionD = Catalogue.all.filter { $0.id.section == "D" }

    /// A slice of sections 12 and 13 that a debug test run can afford (the full 216 cases send 216,000 compressed
    /// messages; CI runs them with the CLI): every group's first row (1000 messages of 16 octets, which covers each
    /// file and each offer), plus auto-fragmentation into 256-octet frames of the least compressible file and
    /// 8 KiB messages in 256-octet frames under a 512-octet server window.
    static let representative = section12And13.filter {
        $0.id.rawValue.hasSuffix(".1") || ["12.2.11", "13.5.11"].contains($0.id.rawValue)
    }

    @Test("Each payload file inflates to the length and SHA-256 the generator recorded")
    func payloadsMatchTheGenerator() {
        let sizes: [DeflatePayload: Int] = [
            .jsonReport: 194_237, .bitmap: 263_222, .germanProse: 222_218, .htmlPage: 83_711,
            .binaryDocument: 1_042_328,
        ]
        for payload in DeflatePayload.allCases {
            let bytes = payload.bytes
            #expect(bytes.count == sizes[payload], "\(payload)")
            let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(hex == payload.recordedSHA256, "\(payload)")
        }
        #expect(DeflatePayload.jsonReport.isText && DeflatePayload.htmlPage.isText)
        #expect(!DeflatePayload.bitmap.isText && !DeflatePayload.binaryDocument.isText)
    }

    @Test("Messages slide through the file and wrap at its end, as Autobahn cuts them")
    func messagesWrapAround() {
        let file = DeflatePayload.htmlPage.bytes
        let size = 65_536
        #expect(DeflatePayload.htmlPage.message(0, size: size) == Array(file.prefix(size)))
        let second = DeflatePayload.htmlPage.message(1, size: size)
        #expect(second == Array(file[size...]) + Array(file.prefix(2 * size - file.count)))
    }

    @Test("Sections 12 and 13 hold Autobahn's 216 cases: ids, 1000 messages, sizes, fragments and offers")
    func sectionsMatchAutobahn() throws {
        let ids = Self.section12And13.map(\.id.rawValue)
        let expected =
            (1...5).flatMap { group in (1...18).map { "12.\(group).\($0)" } }
            + (1...7).flatMap { group in (1...18).map { "13.\(group).\($0)" } }
        #expect(ids == expected)
        for testCase in Self.section12And13 {
            guard case .echoRounds(let rounds) = try #require(testCase.steps.first) else {
                Issue.record("\(testCase.id) does not start with echo rounds")
                continue
            }
            let row = Int(testCase.id.rawValue.split(separator: ".")[2]) ?? 0
            #expect(rounds.count == 1000)
            #expect(rounds.messageSize == DeflateCases.sizes[row - 1].size, "\(testCase.id)")
            #expect((rounds.fragmentSize ?? 0) == DeflateCases.sizes[row - 1].fragment, "\(testCase.id)")
            #expect(testCase.handshake.deflate?.required == true)
            #expect(testCase.echoesSentMessages)
        }
        let offer13_7 = try #require(Catalogue.all.first { $0.id == "13.7.1" }?.handshake.deflate)
        #expect(
            offer13_7.headerValue
                == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=9; client_max_window_bits, permessage-deflate; server_no_context_takeover; "
                + "client_no_context_takeover; client_max_window_bits, permessage-deflate; client_no_context_takeover; "
                + "client_max_window_bits"
        )
    }

    @Test("Section D has at least 12 cases, each citing the RFC section it checks")
    func sectionDCitesItsRules() {
        #expect(Self.sectionD.count >= 12)
        for testCase in Self.sectionD {
            #expect(testCase.rule.contains("RFC 7692 §") || testCase.rule.contains("RFC 6455 §"), "\(testCase.id)")
        }
    }

    @Test("The reference server passes section D and a representative slice of sections 12 and 13")
    func referenceServerPasses() async throws {
        let cases = Self.sectionD + Self.representative
        let results = try await Harness.withReferenceServer { server in
            await Harness.run(cases, port: server.port, jobs: 4)
        }
        #expect(Harness.failures(results) == [])
        #expect(results.allSatisfy { $0.judgement.verdict == .ok }, "\(results.map(\.judgement.reason))")
        for result in results where result.testCase.handshake.deflate?.required == true {
            #expect(result.observation.deflate != nil, "\(result.testCase.id)")
        }
    }

    @Test("Without permessage-deflate, cases that need it are UNIMPLEMENTED and close cleanly")
    func declinedIsUnimplemented() async throws {
        let cases = Self.sectionD + Self.section12And13.filter { $0.id.rawValue.hasSuffix(".18") }
        let server = try await ReferenceServer.start(ReferenceServerConfiguration(permessageDeflate: false))
        let results = await Harness.run(cases, port: server.port, jobs: 8)
        try await server.shutdown()
        for result in results {
            let wanted: Verdict = result.testCase.handshake.deflate?.required == true ? .unimplemented : .ok
            #expect(result.judgement.verdict == wanted, "\(result.testCase.id): \(result.judgement.reason)")
            #expect(result.judgement.closeVerdict == .ok, "\(result.testCase.id): \(result.judgement.closeReason)")
        }
    }

    /// A deflate fault and the cases it must fail, with what the reason must cite.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var fault: String
        var failing: [CaseID]
        var citation: String
        var testDescription: String { self.fault }
    }

    /// Section D cases whose echo comes back compressed: any of them sees RSV1 on a continuation frame.
    static let compressedEchoes: [CaseID] = [
        "D.2", "D.3", "D.4", "D.5", "D.6", "D.7", "D.11", "D.15", "D.16", "D.17", "D.18",
    ]
    /// Section D cases where the reference server accepts permessage-deflate.
    static let accepted: [CaseID] = compressedEchoes + ["D.12", "D.13", "D.14"]

    static let expectations: [Expectation] = [
        // Answering an invalid offer is answering what was not (validly) offered.
        .init(fault: "deflate-answer-without-offer", failing: ["D.1", "D.8", "D.9", "D.10"], citation: "accepted"),
        .init(fault: "deflate-server-window-above-offer", failing: ["D.2", "D.16"], citation: "RFC 7692 §7.1.2.1"),
        // D.6's answer fits its second offer (a bare client_max_window_bits), so it stays valid there.
        .init(
            fault: "deflate-client-window-outside-offer",
            failing: Self.accepted.filter { $0 != "D.6" },
            citation: "RFC 7692 §7.1.2.2"
        ),
        .init(fault: "deflate-answer-every-offer", failing: ["D.6"], citation: "RFC 7692 §"),
        .init(
            fault: "deflate-drop-server-no-context-takeover", failing: ["D.7", "D.15"], citation: "RFC 7692 §7.1.1.1"),
        .init(fault: "deflate-accept-invalid-offer", failing: ["D.8", "D.9", "D.10"], citation: "RFC 7692 §5"),
        .init(fault: "accept-rsv-bits", failing: ["D.12", "D.13"], citation: "RFC 7692 §6.1"),
        // The server never fails the connection, so the harness has to: the close names RFC 6455 §7.1.1.
        .init(fault: "deflate-ignore-corrupt-message", failing: ["D.14"], citation: "§7.1.1"),
        .init(fault: "deflate-ignore-no-context-takeover", failing: ["D.15"], citation: "RFC 7692 §"),
        // The server claims a 512-byte window and compresses with 32 KiB: every compressed echo with a repeat
        // farther back than the window shows it (D.18's 14-octet message has none).
        .init(
            fault: "deflate-window-bigger-than-agreed", failing: Self.compressedEchoes.filter { $0 != "D.18" },
            citation: "RFC 7692 §"),
        .init(fault: "deflate-rsv1-on-continuation", failing: Self.compressedEchoes, citation: "RFC 7692 §6.1"),
        .init(fault: "deflate-inflate-every-message", failing: ["D.18"], citation: "RFC 7692 §6"),
    ]

    @Test("A deflate fault fails exactly the section D cases that check its rule", arguments: Self.expectations)
    func faultFailsItsCases(_ expectation: Expectation) async throws {
        let fault = try #require(ServerFault(name: expectation.fault), "unknown fault \(expectation.fault)")
        var limits = RunLimits()
        limits.closingHandshake = .seconds(1)
        let results = try await Harness.withReferenceServer(faults: [fault]) { server in
            await Runner(target: Target(host: "127.0.0.1", port: server.port), limits: limits, jobs: 8)
                .run(Self.sectionD)
        }
        let failing = results.filter(\.judgement.isFailure).map(\.testCase.id)
        let unexpected = results.filter { !expectation.failing.contains($0.testCase.id) }
        #expect(failing == expectation.failing.sorted(), "unexpected: \(Harness.failures(unexpected))")
        for result in results where expectation.failing.contains(result.testCase.id) {
            let judgement = result.judgement
            let text = judgement.verdict.isFailure ? judgement.reason : judgement.closeReason
            #expect(
                text.contains(expectation.citation) || text.contains(result.testCase.rule),
                "\(result.testCase.id): \(text)"
            )
        }
    }

    @Test("Echoes that break a rule fail sections 12 and 13 too, by digest")
    func echoRoundsCanFail() async throws {
        let ids: [CaseID] = ["12.1.1", "12.2.11", "13.2.1", "13.3.18"]
        let cases = Catalogue.all.filter { ids.contains($0.id) }
        for name in ["corrupt-echo", "deflate-rsv1-on-continuation"] {
            let fault = try #require(ServerFault(name: name))
            let results = try await Harness.withReferenceServer(faults: [fault]) { server in
                await Harness.run(cases, port: server.port, jobs: 4)
            }
            #expect(results.map(\.testCase.id) == ids)
            for result in results {
                #expect(
                    result.judgement.verdict == .failed, "\(name) \(result.testCase.id): \(result.judgement.reason)")
            }
        }
    }

    @Test("A compressed bomb from the server fails the connection instead of exhausting memory")
    func zipBombIsRefused() throws {
        let response = HandshakeResponse(statusCode: 101)
        let observation = Observation(handshake: .upgraded(response), transcript: Transcript(byteLimit: 0))
        var session = WireSession(observation: observation, maxFrameSize: 1 << 20, maxMessageSize: 1 << 20)
        let limits = PerMessageDeflateCodec.Limits(maxDecompressedSize: 1 << 20)
        session.enableDeflate(try PerMessageDeflateCodec(agreement: .init(), role: .client, limits: limits))
        // 16 MiB of zeros compress to about 16 KiB: a thousandfold "zip bomb" against a 1 MiB limit.
        let bomber = try PerMessageDeflateCodec(agreement: .init(), role: .server)
        let bomb = try bomber.compress([UInt8](repeating: 0, count: 16 << 20))
        let frame = FrameEncoder.encode(Frame(fin: true, rsv1: true, opcode: .binary, payload: bomb))
        let actions = session.receive(frame, at: 0)
        #expect(session.observation.received.isEmpty)
        #expect(session.observation.violations.first?.kind == .undecompressable)
        #expect(actions.contains { if case .drop = $0 { true } else { false } })
    }
}
