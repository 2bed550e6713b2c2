import GauntletCore

/// The per-case view of the HTML report: expectation, verdicts, handshake, timeline, and the transcript as an
/// annotated hex-and-text dump of each frame, so a failure can be understood from the report alone.
enum HTMLCaseDetail {
    /// Bytes shown per segment; the rest is counted, keeping the page bounded whatever the target sent.
    static let maxBytesPerSegment = 1024
    /// Bytes shown per case across its segments.
    static let maxBytesPerCase = 16 * 1024

    static func render(_ item: CaseReport, agent: String, id: String) -> String {
        var html = "<section class=\"detail\" id=\"\(id)\" hidden>\n"
        html += "<h2>\(HTMLText.escape(item.id)) on \(HTMLText.escape(agent))</h2>\n"
        html += "<p class=\"desc\">\(HTMLText.escape(item.description))</p>\n<dl>\n"
        html += Self.row("Expected", item.expectation)
        html +=
            "<dt>Verdict</dt><dd><span class=\"badge \(HTMLText.verdictClass(item.verdict.rawValue))\">"
            + "\(item.verdict.rawValue)</span> \(HTMLText.escape(item.reason))</dd>\n"
        html +=
            "<dt>Close</dt><dd><span class=\"badge \(HTMLText.verdictClass(item.closeVerdict.rawValue))\">"
            + "\(item.closeVerdict.rawValue)</span> \(HTMLText.escape(item.closeReason))</dd>\n"
        html += Self.row("Close code", item.remoteCloseCode.map(String.init) ?? "none")
        html += Self.row("Duration", EventText.milliseconds(item.durationMilliseconds) + " ms")
        html += Self.row("Gate", item.failsGate ? "fails" : "passes")
        html += "</dl>\n"
        if let request = item.transcript.chunks.first(where: { $0.direction == "sent" }) {
            let bytes = TranscriptAnnotator.decodeHex(request.hex)
            if bytes.starts(with: Array("GET ".utf8)) {
                let head = TranscriptAnnotator.split(bytes).first?.1.bytes ?? bytes
                let text = String(decoding: head.prefix(Self.maxBytesPerSegment), as: UTF8.self)
                html += "<h3>Handshake request</h3>\n<pre>\(HTMLText.escape(text.trimmingNewlines()))</pre>\n"
            }
        }
        if let handshake = item.handshake {
            let lines =
                ["HTTP/1.1 \(handshake.statusCode) \(handshake.reasonPhrase)"]
                + handshake.headers.map { $0.joined(separator: ": ") }
            html += "<h3>Handshake response</h3>\n<pre>\(HTMLText.escape(lines.joined(separator: "\n")))</pre>\n"
        }
        html += "<h3>Timeline</h3>\n<pre class=\"timeline\">"
        html += HTMLText.escape(EventText.excerpt(item.events, limit: 500).joined(separator: "\n")) + "</pre>\n"
        if let omitted = item.omittedEvents {
            html +=
                "<p class=\"legend\">\(omitted) events from the middle of this case are not kept in the report.</p>\n"
        }
        html += "<h3>Transcript</h3>\n"
        html +=
            "<p class=\"legend\"><span class=\"dir sent\">→ sent by Gauntlet</span> "
            + "<span class=\"dir received\">← from the target</span> <span class=\"hdr\">frame header</span>; "
            + "text column shows payloads unmasked</p>\n"
        let segments = TranscriptAnnotator.segments(item.transcript)
        var shownBytes = 0
        for (index, segment) in segments.enumerated() {
            guard shownBytes < Self.maxBytesPerCase else {
                html += "<p class=\"note\">\(segments.count - index) more segments not shown; see results.json.</p>\n"
                break
            }
            html += Self.segment(segment)
            shownBytes += min(segment.bytes.count, Self.maxBytesPerSegment)
        }
        if item.transcript.omittedBytes > 0 {
            html += "<p class=\"note\">\(item.transcript.omittedBytes) more bytes were not kept (transcript cap).</p>\n"
        }
        return html + "</section>\n"
    }

    private static func row(_ name: String, _ value: String) -> String {
        "<dt>\(HTMLText.escape(name))</dt><dd>\(HTMLText.escape(value))</dd>\n"
    }

    /// A labelled segment as rows of 16 bytes: offset, hex (header bytes marked), and text.
    private static func segment(_ segment: TranscriptAnnotator.Segment) -> String {
        let arrow = segment.direction == "sent" ? "→" : "←"
        var html = "<div class=\"seg \(segment.direction)\"><div class=\"seglabel\">\(arrow) +"
        html += EventText.milliseconds(segment.atMilliseconds) + " ms · \(HTMLText.escape(segment.label))"
        html += " · \(segment.bytes.count) bytes</div><pre class=\"hex\">"
        let shown = min(segment.bytes.count, Self.maxBytesPerSegment)
        var offset = 0
        while offset < shown {
            let end = min(offset + 16, shown)
            var hex = ""
            var text = ""
            for index in offset..<end {
                let byte = segment.bytes[index]
                let digits = String(byte, radix: 16)
                let cell = (digits.count == 1 ? "0" + digits : digits)
                hex += index < segment.headerLength ? "<span class=\"hdr\">\(cell)</span> " : cell + " "
                let shownByte = index < segment.display.count ? segment.display[index] : byte
                text += (0x20..<0x7F).contains(shownByte) ? HTMLText.escape(String(UnicodeScalar(shownByte))) : "·"
            }
            hex += String(repeating: "   ", count: 16 - (end - offset))
            let position = String(offset, radix: 16)
            html +=
                String(repeating: "0", count: max(0, 4 - position.count)) + position + "  " + hex + " " + text + "\n"
            offset = end
        }
        if segment.bytes.count > shown {
            html += "… \(segment.bytes.count - shown) more bytes\n"
        }
        return html + "</pre></div>\n"
    }
}

/// Escaping and naming shared by the HTML pieces.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The CSS class for a verdict or close verdict: `v-ok`, `v-non-strict`, `v-wrong-code`, ...
    static func verdictClass(_ verdict: String) -> String {
        "v-" + verdict.lowercased().replacingSpaces()
    }
}

extension String {
    fileprivate func trimmingNewlines() -> String {
        String(self.reversed().drop { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }.reversed())
    }

    fileprivate func replacingSpaces() -> String {
        String(self.map { $0 == " " ? "-" : $0 })
    }
}
