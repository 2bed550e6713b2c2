import Foundation
import GauntletCore
import ReferenceServer
import Testing

@testable import Reporting

/// Reports end up in CI logs and pull requests: a token in the URL or a credential header must not appear in any
/// format, including the transcript's hex.
@Suite("Secrets stay out of reports")
struct RedactionTests {
    @Test("A token in the target's query is redacted from every format, transcript included")
    func tokenInQuery() async throws {
        let server = try await ReferenceServer.start(ReferenceServerConfiguration())
        let target = Target(host: "127.0.0.1", port: server.port, resource: "/chat?room=1&token=hunter2")
        let results = await Runner(target: target, jobs: 2).run(
            Catalogue.cases(matching: CaseFilter(include: ["2.1", "2.2"])))
        try await server.shutdown()
        #expect(results.allSatisfy { !$0.judgement.isFailure }, "the server must accept the query")
        let report = RunReport(
            tool: "test",
            agent: "secret",
            target: target.description,
            startedAt: "2026-11-23T01:00:00Z",
            durationMilliseconds: 1,
            complete: true,
            results: results
        )
        let secretHex = Hex.encode(Array("hunter2".utf8))
        var outputs = [
            String(decoding: try ReportWriter.encodeResults(report), as: UTF8.self),
            JUnitWriter.render([report]),
            MarkdownSummary.render(report),
            HTMLReport.render([report]),
        ]
        outputs += try AutobahnWriter.files([report]).values.map { String(decoding: $0, as: UTF8.self) }
        for output in outputs {
            #expect(!output.contains("hunter2"))
            #expect(!output.contains(secretHex))
        }
        let requests = report.cases.flatMap(\.transcript.chunks).filter { $0.direction == "sent" }.prefix(1)
        let request = String(decoding: requests.flatMap { TranscriptAnnotator.decodeHex($0.hex) }, as: UTF8.self)
        #expect(request.hasPrefix("GET /chat?room=1&token=REDACTED HTTP/1.1\r\n"))
    }

    @Test("Credential headers in a handshake head are redacted and the frames after it kept exactly")
    func credentialHeaders() {
        let frame: [UInt8] = [0x89, 0x00]
        let head = "GET /?key=abc HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\nCookie: id=s3cret\r\n\r\n"
        let redacted = Redaction.handshakeHead(Array(head.utf8) + frame)
        let text = String(decoding: redacted.dropLast(2), as: UTF8.self)
        #expect(text == "GET /?key=REDACTED HTTP/1.1\r\nHost: x\r\nAuthorization: REDACTED\r\nCookie: REDACTED\r\n\r\n")
        #expect(Array(redacted.suffix(2)) == frame)
        let response = "HTTP/1.1 101 Switching Protocols\r\nSet-Cookie: a=b\r\n\r\n"
        #expect(
            String(decoding: Redaction.handshakeHead(Array(response.utf8)), as: UTF8.self).contains(
                "Set-Cookie: REDACTED"))
        #expect(Redaction.handshakeHead(frame) == frame)
    }
}
