/// Reads a server's handshake response incrementally (RFC 6455 §4.1, HTTP/1.1 message syntax of RFC 9112):
/// bytes may arrive in any pieces, the header block is bounded, and the bytes after it (the first frames of a
/// 101) are handed on as `remainder` rather than lost. Garbage instead of a status line fails at once.
public struct HandshakeResponseParser: Sendable {
    /// The outcome after the bytes appended so far.
    public enum Result: Hashable, Sendable {
        /// The header block is not complete yet.
        case needMoreData
        /// The header block is complete; `remainder` holds the bytes after it (also in `response.body`).
        case complete(HandshakeResponse, remainder: [UInt8])
        /// The input cannot be an HTTP response, or breaks a bound; the error says which.
        case failed(HandshakeError)
    }

    private enum State: Hashable, Sendable {
        case readingHeader
        case complete(HandshakeResponse)
        case failed(HandshakeError)
    }

    /// Largest header block accepted, counting the status line and the blank line.
    public let maxHeaderBytes: Int
    private var state: State = .readingHeader
    private var buffer: [UInt8] = []
    /// Where the search for the blank line resumes, so each byte is scanned once.
    private var scanIndex = 0
    /// Start of the line the scan is in.
    private var lineStart = 0

    /// Creates a parser waiting for the first byte of a response.
    public init(maxHeaderBytes: Int = 16 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// Adds received bytes. Once complete, further bytes are returned as the remainder of a repeated
    /// `.complete`; once failed, the failure is repeated.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> Result {
        switch self.state {
        case .failed(let error):
            return .failed(error)
        case .complete(let response):
            return .complete(response, remainder: Array(bytes))
        case .readingHeader:
            self.buffer.append(contentsOf: bytes)
            return self.scan()
        }
    }

    /// Call at end of input: a response still missing its blank line is `.incompleteResponse`.
    public func finish() -> Result {
        switch self.state {
        case .failed(let error):
            return .failed(error)
        case .complete(let response):
            return .complete(response, remainder: [])
        case .readingHeader:
            return .failed(.incompleteResponse(receivedBytes: self.buffer.count))
        }
    }

    private mutating func fail(_ error: HandshakeError) -> Result {
        self.state = .failed(error)
        self.buffer = []
        return .failed(error)
    }

    /// Looks for the empty line that ends the header block (CRLF CRLF, or a bare LF line as RFC 9112 §2.2
    /// allows recipients to accept), checking the status-line prefix and the size bound on the way.
    private mutating func scan() -> Result {
        let prefix = Array("HTTP/".utf8)
        let checked = min(self.buffer.count, prefix.count)
        guard self.buffer[0..<checked].elementsEqual(prefix[0..<checked]) else {
            return self.fail(.malformedStatusLine(Self.firstLine(of: self.buffer)))
        }
        while self.scanIndex < self.buffer.count {
            let index = self.scanIndex
            self.scanIndex += 1
            guard self.buffer[index] == 0x0A else { continue }
            let lineEnd = index > self.lineStart && self.buffer[index - 1] == 0x0D ? index - 1 : index
            let isBlank = lineEnd == self.lineStart
            self.lineStart = index + 1
            if isBlank && index > 0 {
                guard index + 1 <= self.maxHeaderBytes else {
                    return self.fail(.headerTooLarge(limit: self.maxHeaderBytes))
                }
                return self.parseHeaderBlock(end: index + 1)
            }
        }
        if self.buffer.count > self.maxHeaderBytes {
            return self.fail(.headerTooLarge(limit: self.maxHeaderBytes))
        }
        return .needMoreData
    }

    /// Parses the status line and header lines of `buffer[0..<end]`; the rest becomes the remainder.
    private mutating func parseHeaderBlock(end: Int) -> Result {
        let lines = Self.lines(of: self.buffer[0..<end])
        guard let statusLine = lines.first, let status = Self.parseStatusLine(statusLine) else {
            return self.fail(.malformedStatusLine(Self.firstLine(of: self.buffer)))
        }
        var headers: [HTTPHeaderField] = []
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            guard let field = Self.parseHeaderLine(line) else {
                return self.fail(.malformedHeaderLine(Array(line), lineNumber: number + 1))
            }
            headers.append(field)
        }
        let remainder = Array(self.buffer[end...])
        let response = HandshakeResponse(
            httpVersion: status.version,
            statusCode: status.code,
            reasonPhrase: status.reason,
            headers: headers,
            body: remainder
        )
        self.state = .complete(response)
        self.buffer = []
        return .complete(response, remainder: remainder)
    }

    /// `HTTP/d.d SP 3DIGIT [SP reason]` (RFC 9112 §4); nil when the line does not have that shape.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> (version: String, code: Int, reason: String)? {
        let bytes = Array(line)
        guard bytes.count >= 12,
            bytes[0..<5].elementsEqual("HTTP/".utf8),
            Self.isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), Self.isDigit(bytes[7]),
            bytes[8] == UInt8(ascii: " "),
            Self.isDigit(bytes[9]), Self.isDigit(bytes[10]), Self.isDigit(bytes[11])
        else {
            return nil
        }
        let code = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let reason: String
        if bytes.count == 12 {
            reason = ""
        } else {
            guard bytes[12] == UInt8(ascii: " ") else { return nil }
            reason = String(decoding: bytes[13...], as: UTF8.self)
        }
        return (String(decoding: bytes[0..<8], as: UTF8.self), code, reason)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5); nil for obs-fold, a missing colon, an empty name,
    /// or whitespace inside the name or before the colon (which §5.1 says must be rejected).
    private static func parseHeaderLine(_ line: ArraySlice<UInt8>) -> HTTPHeaderField? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
            return nil
        }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return nil
        }
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
        return HTTPHeaderField(
            name: String(decoding: name, as: UTF8.self),
            value: HTTPHeaderField.trimmed(Substring(value))
        )
    }

    /// Splits at LF, dropping a CR before it; the final blank line yields an empty last element.
    private static func lines(of block: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = block.startIndex
        for index in block.indices where block[index] == 0x0A {
            let end = index > start && block[index - 1] == 0x0D ? index - 1 : index
            lines.append(block[start..<end])
            start = index + 1
        }
        return lines
    }

    private static func firstLine(of bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix { $0 != 0x0A && $0 != 0x0D }.prefix(80))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
