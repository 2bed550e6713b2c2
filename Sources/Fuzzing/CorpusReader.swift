import MessageSchema
import WebSocketWire

/// Reads the corpus text format line by line, keeping the position of every word so a mistake is reported as
/// `file:line:column` with what was expected there.
struct CorpusReader {
    let file: String
    private var layer: FuzzInput.Layer?
    private var note = ""
    private var actions: [FuzzInput.Action] = []
    /// The action whose payload lines are being read.
    private var pending: (header: Header, payload: [UInt8])?
    private var totalBytes = 0

    private enum Header {
        case frame(Frame, chop: Int?, pause: Int?)
        case bytes(chop: Int?, pause: Int?)
    }

    init(file: String) {
        self.file = file
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> CorpusFormatError {
        CorpusFormatError(file: self.file, line: line, column: column, message: message)
    }

    /// Splits a line into words with their 1-based columns; a quoted JSON string stays one word.
    private func words(_ line: String, _ number: Int) throws(CorpusFormatError) -> [(text: String, column: Int)] {
        var words: [(String, Int)] = []
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            if characters[index] == " " || characters[index] == "\t" {
                index += 1
                continue
            }
            let start = index
            if characters[index] == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                guard index < characters.count else { throw self.error(number, start + 1, "unterminated string") }
                index += 1
            } else {
                while index < characters.count, characters[index] != " ", characters[index] != "\t" { index += 1 }
            }
            words.append((String(characters[start..<min(index, characters.count)]), start + 1))
        }
        return words
    }

    mutating func consume(_ line: String, lineNumber number: Int) throws(CorpusFormatError) {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        let indented = line.hasPrefix(" ") || line.hasPrefix("\t")
        let words = try self.words(line, number)
        guard let first = words.first else { return }
        if indented {
            guard self.pending != nil else {
                throw self.error(number, first.column, "a payload line must follow a 'frame' or 'bytes' line")
            }
            let bytes = try self.payload(words, number)
            self.totalBytes += bytes.count
            guard self.totalBytes <= CorpusFormat.maxInputBytes else {
                throw self.error(number, first.column, "the input exceeds \(CorpusFormat.maxInputBytes) bytes")
            }
            self.pending?.payload += bytes
            return
        }
        self.flush()
        switch first.text {
        case "layer":
            guard words.count == 2, let layer = FuzzInput.Layer(rawValue: words[1].text) else {
                throw self.error(
                    number, words.count > 1 ? words[1].column : first.column, "layer must be 'frames' or 'messages'")
            }
            self.layer = layer
        case "note":
            self.note = String(trimmed.dropFirst(4).drop { $0 == " " })
        case "frame":
            self.pending = (try self.frameHeader(words, number), [])
        case "bytes":
            var chop: Int?
            var pause: Int?
            for word in words.dropFirst() {
                try self.timing(word, number, chop: &chop, pause: &pause)
            }
            self.pending = (.bytes(chop: chop, pause: pause), [])
        default:
            throw self.error(number, first.column, "unknown line '\(first.text)'; expected layer, note, frame or bytes")
        }
    }

    private func timing(
        _ word: (text: String, column: Int), _ number: Int, chop: inout Int?, pause: inout Int?
    ) throws(CorpusFormatError) {
        if word.text.hasPrefix("chop="), let value = Int(word.text.dropFirst(5)), value > 0 {
            chop = value
        } else if word.text.hasPrefix("pause="), let value = Int(word.text.dropFirst(6)), (0...10_000).contains(value) {
            pause = value
        } else {
            throw self.error(
                number, word.column, "expected chop=N (N > 0) or pause=MS (0 to 10000), not '\(word.text)'")
        }
    }

    private func frameHeader(_ words: [(text: String, column: Int)], _ number: Int) throws(CorpusFormatError) -> Header
    {
        guard words.count >= 2 else { throw self.error(number, words[0].column, "frame needs an opcode") }
        let name = words[1].text
        let opcode: Opcode
        if let named = CorpusFormat.opcodeNames.first(where: { $0.value == name }),
            let value = Opcode(rawValue: named.key)
        {
            opcode = value
        } else if name.hasPrefix("0x"), let raw = UInt8(name.dropFirst(2), radix: 16), let value = Opcode(rawValue: raw)
        {
            opcode = value
        } else {
            throw self.error(number, words[1].column, "unknown opcode '\(name)'; use a name such as text or 0x0-0xf")
        }
        var frame = Frame(opcode: opcode, maskingKey: MaskingKey(0, 0, 0, 0))
        var chop: Int?
        var pause: Int?
        for word in words.dropFirst(2) {
            switch word.text {
            case "fin": frame.fin = true
            case "more": frame.fin = false
            case "rsv1": frame.rsv1 = true
            case "rsv2": frame.rsv2 = true
            case "rsv3": frame.rsv3 = true
            case "mask=none": frame.maskingKey = nil
            case "len=7": frame.lengthEncoding = .sevenBit
            case "len=16": frame.lengthEncoding = .sixteenBit
            case "len=64": frame.lengthEncoding = .sixtyFourBit
            default:
                if word.text.hasPrefix("mask="), let value = UInt32(word.text.dropFirst(5), radix: 16),
                    word.text.count == 13
                {
                    frame.maskingKey = MaskingKey(networkOrder: value)
                } else if word.text.hasPrefix("declared="), let value = UInt64(word.text.dropFirst(9)) {
                    frame.declaredLength = value
                } else {
                    try self.timing(word, number, chop: &chop, pause: &pause)
                }
            }
        }
        return .frame(frame, chop: chop, pause: pause)
    }

    /// One payload line: `text "..."` or `hex 0a ff ...`, optionally followed by `*count`.
    private func payload(_ words: [(text: String, column: Int)], _ number: Int) throws(CorpusFormatError) -> [UInt8] {
        var parts = words
        var count = 1
        if let last = parts.last, last.text.hasPrefix("*") {
            guard let value = Int(last.text.dropFirst()), value > 0, value <= CorpusFormat.maxInputBytes else {
                throw self.error(
                    number, last.column, "a repeat must be *N with N from 1 to \(CorpusFormat.maxInputBytes)")
            }
            count = value
            parts.removeLast()
        }
        guard let kind = parts.first else { return [] }
        var bytes: [UInt8] = []
        switch kind.text {
        case "text":
            guard parts.count == 2, parts[1].text.hasPrefix("\""),
                case .string(let text)? = try? JSONParser().parse(parts[1].text)
            else {
                throw self.error(
                    number, parts.count > 1 ? parts[1].column : kind.column, "text needs one quoted JSON string")
            }
            bytes = Array(text.utf8)
        case "hex":
            for word in parts.dropFirst() {
                guard word.text.count.isMultiple(of: 2) else {
                    throw self.error(number, word.column, "hex needs pairs of digits, got '\(word.text)'")
                }
                var index = word.text.startIndex
                while index < word.text.endIndex {
                    let next = word.text.index(index, offsetBy: 2)
                    guard let byte = UInt8(word.text[index..<next], radix: 16) else {
                        throw self.error(number, word.column, "'\(word.text)' is not hex")
                    }
                    bytes.append(byte)
                    index = next
                }
            }
        default:
            throw self.error(number, kind.column, "a payload line is 'text \"...\"' or 'hex ..', not '\(kind.text)'")
        }
        guard bytes.count * count <= CorpusFormat.maxInputBytes else {
            throw self.error(number, kind.column, "the line expands beyond \(CorpusFormat.maxInputBytes) bytes")
        }
        return count == 1 ? bytes : Array([[UInt8]](repeating: bytes, count: count).joined())
    }

    private mutating func flush() {
        guard let (header, payload) = self.pending else { return }
        self.pending = nil
        switch header {
        case .frame(var frame, let chop, let pause):
            frame.payload = payload
            self.actions.append(.frame(frame, chop: chop, pauseMilliseconds: pause))
        case .bytes(let chop, let pause):
            self.actions.append(.bytes(payload, chop: chop, pauseMilliseconds: pause))
        }
    }

    mutating func finish() throws(CorpusFormatError) -> FuzzInput {
        self.flush()
        // An empty input (connect, then close) is fine when the file says so with its layer line.
        guard !self.actions.isEmpty || self.layer != nil else {
            throw self.error(1, 1, "the file has neither a layer line nor a frame or bytes line")
        }
        return FuzzInput(layer: self.layer ?? .frames, intent: .invalidWire, actions: self.actions, note: self.note)
    }
}
