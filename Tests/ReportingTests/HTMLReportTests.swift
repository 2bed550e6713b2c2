import Foundation
import GauntletCore
import Testing

@testable import Reporting

/// The HTML page must stand alone, show every case for every target, flag disagreements, and explain each cell.
@Suite("HTML report")
struct HTMLReportTests {
    @Test("The page has no external assets and one row per case with a cell per target")
    func matrix() async throws {
        let healthy = try await Fixture.healthy()
        let broken = try await Fixture.noPong()
        let html = HTMLReport.render([healthy, broken])
        for external in ["src=", "href=\"http", "@import", "url(", "<link"] {
            #expect(!html.contains(external), "\(external)")
        }
        let rows = html.components(separatedBy: "<tr class=\"case-row\"").count - 1
        #expect(rows == healthy.cases.count)
        let matrix = CrossRuntimeMatrix([healthy, broken])
        let disagreeing = html.components(separatedBy: "data-disagree=\"1\" data-failing=").count - 1
        #expect(disagreeing == matrix.disagreements.count)
        #expect(matrix.disagreements.map(\.id) == broken.cases.filter(\.failsGate).map(\.id))
        for item in broken.cases {
            let id = HTMLReport.detailID(1, item.id)
            #expect(html.contains("<section class=\"detail\" id=\"\(id)\" hidden>"))
            #expect(html.contains("data-detail=\"\(id)\""))
        }
        #expect(html.contains("<tr class=\"section-row\" data-section=\"2\">"))
        #expect(
            html.components(separatedBy: "<h3>Handshake request</h3>\n<pre>GET / HTTP/1.1\r\nHost: 127.0.0.1").count - 1
                == 2 * healthy.cases.count)
    }

    @Test("Text from the target is escaped")
    func escaping() async throws {
        var report = try await Fixture.noPong()
        report.cases[0].reason = "<script>alert(1)</script>"
        let html = HTMLReport.render([report])
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("The transcript splits into the handshake and frames covering every byte")
    func transcriptSegments() async throws {
        let report = try await Fixture.healthy()
        for item in report.cases {
            let segments = TranscriptAnnotator.segments(item.transcript)
            for direction in ["sent", "received"] {
                let stored = item.transcript.chunks.filter { $0.direction == direction }
                    .flatMap { TranscriptAnnotator.decodeHex($0.hex) }
                let covered = segments.filter { $0.direction == direction }.flatMap(\.bytes)
                #expect(covered == stored, "\(item.id) \(direction)")
            }
            #expect(segments.first { $0.direction == "sent" }?.label.hasPrefix("GET ") == true)
            #expect(segments.first { $0.direction == "received" }?.label.hasPrefix("HTTP/1.1 101") == true)
            #expect(segments.contains { $0.label.hasPrefix("ping fin") || $0.label.hasPrefix("close fin") })
        }
    }

    @Test("A masked frame shows its header fields and its payload unmasked")
    func maskedFrame() {
        let key: [UInt8] = [0x01, 0x02, 0x03, 0x04]
        let payload = Array("Hello".utf8).enumerated().map { $0.element ^ key[$0.offset % 4] }
        let segment = TranscriptAnnotator.frame(([0x81, 0x85] + key + payload)[...])
        #expect(segment.label == "text fin len=5 masked")
        #expect(segment.headerLength == 6)
        #expect(Array(segment.display.suffix(5)) == Array("Hello".utf8))
        let cut = TranscriptAnnotator.frame([0x88, 0x7E, 0x01][...])
        #expect(cut.label == "incomplete frame header (3 of 4 bytes)")
        let close = TranscriptAnnotator.frame([0x88, 0x02, 0x03, 0xE8][...])
        #expect(close.label == "close fin len=2 code=1000")
    }
}
