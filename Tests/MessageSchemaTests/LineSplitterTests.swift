import MessageSchema
import Testing

/// JSON Lines input: lines split across chunks, CRLF, blank lines, and a bound on line length.
@Suite("Splitting JSON Lines")
struct LineSplitterTests {
    static func split(_ chunks: [String], max: Int = 100) -> [LineSplitter.Line] {
        var splitter = LineSplitter(maxLineBytes: max)
        var lines: [LineSplitter.Line] = []
        for chunk in chunks {
            lines += splitter.feed(Array(chunk.utf8))
        }
        if let last = splitter.finish() { lines.append(last) }
        return lines
    }

    @Test("lines split across chunks are joined, and numbers count blank lines too")
    func chunks() {
        let lines = Self.split(["{\"a\"", ":1}\n\n  \n{\"b\":2}\r", "\n{\"c\":3}"])
        #expect(lines.map(\.number) == [1, 4, 5])
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(lines.allSatisfy { !$0.tooLong })
    }

    @Test("a line over the limit is reported as too long without keeping its bytes, and the next line is intact")
    func tooLong() {
        let lines = Self.split(
            [String(repeating: "x", count: 60), String(repeating: "y", count: 60) + "\nok\n"], max: 100)
        #expect(lines.count == 2)
        #expect(lines.first?.tooLong == true)
        #expect(lines.first?.bytes.isEmpty == true)
        #expect(lines.last == LineSplitter.Line(number: 2, bytes: Array("ok".utf8), tooLong: false))
    }

    @Test("empty input has no lines")
    func empty() {
        #expect(Self.split([]).isEmpty)
        #expect(Self.split(["\n\n"]).isEmpty)
    }
}
