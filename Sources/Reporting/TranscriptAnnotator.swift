/// Splits a case's transcript into the opening handshake and individual frames, so the HTML report can show each
/// frame's header fields beside its bytes instead of an undivided hex dump.
///
/// It reads the stored bytes only and never judges them: a frame that is cut off by the transcript cap or the
/// connection's end is labelled incomplete, and anything it cannot split is shown as raw bytes.
enum TranscriptAnnotator {
    /// One labelled run of bytes in one direction.
    struct Segment: Sendable, Hashable {
        var direction: String
        var atMilliseconds: Double
        /// `HTTP`, `text fin len=5 masked`, ...
        var label: String
        var bytes: [UInt8]
        /// Leading bytes that are a frame header, highlighted in the view.
        var headerLength: Int
        /// Bytes for the text column: the payload unmasked, so masked client frames read as sent.
        var display: [UInt8]
    }

    static func segments(_ transcript: CaseReport.TranscriptReport) -> [Segment] {
        var streams: [String: [(offset: Int, at: Double)]] = [:]
        var bytes: [String: [UInt8]] = [:]
        for chunk in transcript.chunks {
            streams[chunk.direction, default: []].append(
                (bytes[chunk.direction, default: []].count, chunk.atMilliseconds))
            bytes[chunk.direction, default: []] += Self.decodeHex(chunk.hex)
        }
        var segments: [Segment] = []
        for direction in ["sent", "received"] {
            guard let stream = bytes[direction], let starts = streams[direction] else { continue }
            let time = { (offset: Int) in starts.last(where: { $0.offset <= offset })?.at ?? 0 }
            for (offset, segment) in Self.split(stream) {
                var stamped = segment
                stamped.direction = direction
                stamped.atMilliseconds = time(offset)
                segments.append(stamped)
            }
        }
        return segments.enumerated().sorted {
            ($0.element.atMilliseconds, $0.offset) < ($1.element.atMilliseconds, $1.offset)
        }.map(\.element)
    }

    /// The handshake up to the blank line, then frames until the bytes run out.
    static func split(_ bytes: [UInt8]) -> [(Int, Segment)] {
        var result: [(Int, Segment)] = []
        let terminator: [UInt8] = [13, 10, 13, 10]
        var offset = 0
        if bytes.starts(with: Array("GET ".utf8)) || bytes.starts(with: Array("HTTP/".utf8)) {
            let end = Self.find(terminator, in: bytes).map { $0 + terminator.count } ?? bytes.count
            let head = Array(bytes[..<end])
            let firstLine = String(decoding: head.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
            let label =
                end == bytes.count && Self.find(terminator, in: bytes) == nil ? "\(firstLine) (incomplete)" : firstLine
            result.append(
                (
                    0,
                    Segment(direction: "", atMilliseconds: 0, label: label, bytes: head, headerLength: 0, display: head)
                ))
            offset = end
            if !firstLine.hasPrefix("GET ") && !firstLine.contains(" 101") && offset < bytes.count {
                let rest = Array(bytes[offset...])
                result.append(
                    (
                        offset,
                        Segment(
                            direction: "", atMilliseconds: 0, label: "body", bytes: rest, headerLength: 0, display: rest
                        )
                    ))
                return result
            }
        }
        while offset < bytes.count {
            let frame = Self.frame(bytes[offset...])
            result.append((offset, frame))
            offset += frame.bytes.count
        }
        return result
    }

    /// One frame (RFC 6455 §5.2) starting at the slice's first byte, or what is left of it.
    static func frame(_ bytes: ArraySlice<UInt8>) -> Segment {
        let data = Array(bytes)
        guard data.count >= 2 else { return Self.incomplete(data, need: 2) }
        let fin = data[0] & 0x80 != 0
        let rsv = (data[0] >> 4) & 0x07
        let opcode = data[0] & 0x0F
        let masked = data[1] & 0x80 != 0
        var length = UInt64(data[1] & 0x7F)
        var header = 2
        if length == 126 {
            guard data.count >= 4 else { return Self.incomplete(data, need: 4) }
            length = UInt64(data[2]) << 8 | UInt64(data[3])
            header = 4
        } else if length == 127 {
            guard data.count >= 10 else { return Self.incomplete(data, need: 10) }
            length = data[2..<10].reduce(0) { $0 << 8 | UInt64($1) }
            header = 10
        }
        let key = masked && data.count >= header + 4 ? Array(data[header..<header + 4]) : []
        if masked {
            guard data.count >= header + 4 else { return Self.incomplete(data, need: header + 4) }
            header += 4
        }
        let available = UInt64(data.count - header)
        let taken = Int(min(length, available))
        let frameBytes = Array(data[..<(header + taken)])
        var payload = Array(frameBytes[header...])
        if masked {
            for index in payload.indices { payload[index] ^= key[index % 4] }
        }
        var label = EventText.opcode(opcode) + (fin ? " fin" : "") + (rsv != 0 ? " rsv=\(rsv)" : "")
        label += " len=\(length)" + (masked ? " masked" : "")
        if opcode == 8, payload.count >= 2 {
            label += " code=\(Int(payload[0]) << 8 | Int(payload[1]))"
        }
        if UInt64(taken) < length { label += " (incomplete: \(taken) of \(length) payload bytes)" }
        return Segment(
            direction: "",
            atMilliseconds: 0,
            label: label,
            bytes: frameBytes,
            headerLength: header,
            display: Array(frameBytes[..<header]) + payload
        )
    }

    private static func incomplete(_ data: [UInt8], need: Int) -> Segment {
        Segment(
            direction: "",
            atMilliseconds: 0,
            label: "incomplete frame header (\(data.count) of \(need) bytes)",
            bytes: data,
            headerLength: data.count,
            display: data
        )
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        return (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    static func decodeHex(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for char in hex.utf8 {
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = char - UInt8(ascii: "A") + 10
            default: continue
            }
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }
}
