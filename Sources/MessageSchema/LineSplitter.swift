/// Splits a byte stream into lines for JSON Lines input (`schema validate`, traffic logs) while holding at most one
/// bounded line: a line over the limit is reported as too long instead of growing memory without end.
/// It is push-based, with no I/O, so callers feed it whatever chunks they read and tests feed it directly.
public struct LineSplitter: Sendable {
    /// One input line: its 1-based number and bytes (without the `\n` or `\r\n`), or a note that it was too long.
    public struct Line: Sendable, Equatable {
        public let number: Int
        public let bytes: [UInt8]
        public let tooLong: Bool

        public init(number: Int, bytes: [UInt8], tooLong: Bool) {
            self.number = number
            self.bytes = bytes
            self.tooLong = tooLong
        }
    }

    public let maxLineBytes: Int
    private var current: [UInt8] = []
    private var overflow = false
    private var lineNumber = 0

    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Consumes `chunk` and returns the non-blank lines it completed, in order.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [Line] {
        var lines: [Line] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            self.append(chunk[start..<newline])
            if let line = self.endLine() { lines.append(line) }
            start = chunk.index(after: newline)
        }
        self.append(chunk[start...])
        return lines
    }

    /// Ends the input: the last line if it had no final newline and is not blank.
    public mutating func finish() -> Line? {
        guard !self.current.isEmpty || self.overflow else { return nil }
        return self.endLine()
    }

    private mutating func append(_ bytes: some Collection<UInt8>) {
        guard !self.overflow, !bytes.isEmpty else { return }
        if self.current.count + bytes.count > self.maxLineBytes {
            self.overflow = true
            self.current = []
        } else {
            self.current.append(contentsOf: bytes)
        }
    }

    private mutating func endLine() -> Line? {
        self.lineNumber += 1
        defer {
            self.current.removeAll(keepingCapacity: true)
            self.overflow = false
        }
        if self.current.last == UInt8(ascii: "\r") { self.current.removeLast() }
        if !self.overflow && self.current.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        return Line(number: self.lineNumber, bytes: self.current, tooLong: self.overflow)
    }
}
