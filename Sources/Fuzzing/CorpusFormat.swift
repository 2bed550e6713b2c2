import MessageSchema
import WebSocketWire

/// The corpus text format (docs/corpus.md): one fuzz input per file, one frame or write per line, payloads as
/// quoted text or hex on indented lines below, long runs of one byte folded as `*count`. It is what seeds,
/// novel inputs and finding reproducers are stored in, so a change to an input reads as a small diff.
///
/// ```
/// layer frames
/// note ping between two fragments
/// frame text more mask=1a2b3c4d
///   text "Hello, "
/// frame ping mask=00000000
/// frame continuation fin mask=5e6f7081 chop=1 pause=5
///   text "world"
/// ```
public enum CorpusFormat {
    /// The opcode names the format uses; any other opcode is written `0xN`.
    static let opcodeNames: [UInt8: String] = [
        0x0: "continuation", 0x1: "text", 0x2: "binary", 0x8: "close", 0x9: "ping", 0xA: "pong",
    ]
    /// Runs of one byte at least this long are folded into `*count`.
    static let runThreshold = 48
    /// Literal octets per `hex` line and characters per `text` line.
    static let lineWidth = 32
    static let textWidth = 96
    /// The most octets one file may describe, so a hostile corpus cannot exhaust memory on load.
    public static let maxInputBytes = 64 << 20

    // MARK: Writing

    /// The text of `input`, ending with a newline.
    public static func write(_ input: FuzzInput) -> String {
        var lines = ["# Gauntlet fuzz input (docs/corpus.md); intent: \(input.intent.rawValue)"]
        lines.append("layer \(input.layer.rawValue)")
        if !input.note.isEmpty { lines.append("note \(input.note.replacingOccurrences(of: "\n", with: " "))") }
        for action in input.actions {
            switch action {
            case .frame(let frame, let chop, let pause):
                var words = [
                    "frame", Self.opcodeNames[frame.opcode.rawValue] ?? "0x\(String(frame.opcode.rawValue, radix: 16))",
                ]
                words.append(frame.fin ? "fin" : "more")
                if frame.rsv1 { words.append("rsv1") }
                if frame.rsv2 { words.append("rsv2") }
                if frame.rsv3 { words.append("rsv3") }
                words.append("mask=" + (frame.maskingKey.map { Self.hex($0.bytes, separator: "") } ?? "none"))
                switch frame.lengthEncoding {
                case .minimal: break
                case .sevenBit: words.append("len=7")
                case .sixteenBit: words.append("len=16")
                case .sixtyFourBit: words.append("len=64")
                }
                if let declared = frame.declaredLength { words.append("declared=\(declared)") }
                words += Self.timing(chop, pause)
                lines.append(words.joined(separator: " "))
                lines += Self.payloadLines(frame.payload)
            case .bytes(let bytes, let chop, let pause):
                lines.append((["bytes"] + Self.timing(chop, pause)).joined(separator: " "))
                lines += Self.payloadLines(bytes)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func timing(_ chop: Int?, _ pause: Int?) -> [String] {
        (chop.map { ["chop=\($0)"] } ?? []) + (pause.map { ["pause=\($0)"] } ?? [])
    }

    /// Payload lines: printable UTF-8 as quoted text, the rest as hex, long single-byte runs folded.
    static func payloadLines(_ payload: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        var literal: [UInt8] = []
        func flush() {
            guard !literal.isEmpty else { return }
            lines += Self.literalLines(literal)
            literal.removeAll()
        }
        while start < payload.count {
            var end = start + 1
            while end < payload.count, payload[end] == payload[start] { end += 1 }
            if end - start >= Self.runThreshold {
                flush()
                let byte = payload[start]
                let isText = byte >= 0x20 && byte < 0x7F
                let shown =
                    isText
                    ? JSONWriter.string(from: .string(String(UnicodeScalar(byte)))) : Self.hex([byte], separator: "")
                lines.append("  \(isText ? "text" : "hex") \(shown) *\(end - start)")
            } else {
                literal += payload[start..<end]
            }
            start = end
        }
        flush()
        return lines
    }

    private static func literalLines(_ bytes: [UInt8]) -> [String] {
        if let text = String(validating: bytes, as: UTF8.self),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F || $0 == "\n" || $0 == "\t" })
        {
            var lines: [String] = []
            var piece = ""
            for character in text {
                piece.append(character)
                if piece.count >= Self.textWidth {
                    lines.append("  text " + JSONWriter.string(from: .string(piece)))
                    piece = ""
                }
            }
            if !piece.isEmpty { lines.append("  text " + JSONWriter.string(from: .string(piece))) }
            return lines
        }
        return stride(from: 0, to: bytes.count, by: Self.lineWidth).map {
            "  hex " + Self.hex(Array(bytes[$0..<min(bytes.count, $0 + Self.lineWidth)]), separator: " ")
        }
    }

    static func hex(_ bytes: [UInt8], separator: String) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: separator)
    }

    // MARK: Reading

    /// Parses `text` (from `file`, for error positions) into an input; its intent is recomputed by the caller.
    public static func read(_ text: String, file: String) throws(CorpusFormatError) -> FuzzInput {
        var reader = CorpusReader(file: file)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try reader.consume(String(line), lineNumber: number + 1)
        }
        return try reader.finish()
    }
}

/// A corpus file that cannot be read: where, and what is wrong.
public struct CorpusFormatError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(self.file):\(self.line):\(self.column): \(self.message)" }
}
