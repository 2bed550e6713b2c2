import Testing

@testable import WebSocketWire

@Suite("Handshake response parsing")
struct HandshakeResponseParserTests {
    static let upgrade = Array(
        ("HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kxWzK+xOo6xLo0=\r\n"
            + "X-Dup: one\r\n"
            + "x-dup:   two  \r\n"
            + "\r\n").utf8
    )

    @Test("A complete response is read with its status line and headers in order")
    func readsCompleteResponse() throws {
        var parser = HandshakeResponseParser()
        guard case .complete(let response, let remainder) = parser.append(Self.upgrade) else {
            Issue.record("expected a complete response")
            return
        }
        #expect(remainder.isEmpty)
        #expect(response.httpVersion == "HTTP/1.1")
        #expect(response.statusCode == 101)
        #expect(response.reasonPhrase == "Switching Protocols")
        #expect(response.headers.map(\.name) == ["Upgrade", "Connection", "Sec-WebSocket-Accept", "X-Dup", "x-dup"])
        #expect(response.values("x-DUP") == ["one", "two"])
        #expect(response.value("sec-websocket-accept") == "s3pPLMBiTxaQ9kxWzK+xOo6xLo0=")
        #expect(response.value("Missing") == nil)
    }

    @Test("Bytes after the header block are handed on as the remainder")
    func handsOnRemainder() {
        var parser = HandshakeResponseParser()
        let frames = hex("81 02 68 69 89 00")
        guard case .complete(let response, let remainder) = parser.append(Self.upgrade + frames) else {
            Issue.record("expected a complete response")
            return
        }
        #expect(remainder == frames)
        #expect(response.body == frames)
        guard case .complete(_, let later) = parser.append([0x8A, 0x00]) else {
            Issue.record("expected the parser to stay complete")
            return
        }
        #expect(later == [0x8A, 0x00])
    }

    @Test("A response split at every byte position parses the same")
    func splitAtEveryPosition() {
        let bytes = Self.upgrade + [0x81, 0x00]
        var whole = HandshakeResponseParser()
        let expected = whole.append(bytes)
        for split in 1..<bytes.count {
            var parser = HandshakeResponseParser()
            let first = parser.append(bytes[..<split])
            if split < Self.upgrade.count {
                #expect(first == .needMoreData, "split at \(split)")
                #expect(parser.append(bytes[split...]) == expected, "split at \(split)")
            } else {
                guard case .complete(let response, let remainder) = first,
                    case .complete(let wholeResponse, let wholeRemainder) = expected
                else {
                    Issue.record("split at \(split) did not complete")
                    continue
                }
                #expect(response.headers == wholeResponse.headers)
                #expect(remainder + Array(bytes[split...]) == wholeRemainder)
            }
        }
    }

    @Test("A response that uses bare LF line endings is accepted")
    func bareLineFeeds() {
        var parser = HandshakeResponseParser()
        guard case .complete(let response, _) = parser.append(Array("HTTP/1.1 400 Bad\nA: b\n\nbody".utf8)) else {
            Issue.record("expected a complete response")
            return
        }
        #expect(response.statusCode == 400)
        #expect(response.headers == [HTTPHeaderField("A", "b")])
        #expect(response.body == Array("body".utf8))
    }

    @Test("A header block beyond the limit fails with headerTooLarge")
    func oversizedHeader() {
        var parser = HandshakeResponseParser(maxHeaderBytes: 64)
        #expect(parser.append(Array("HTTP/1.1 101 OK\r\n".utf8)) == .needMoreData)
        let result = parser.append(Array("X-Long: \(String(repeating: "a", count: 100))".utf8))
        #expect(result == .failed(.headerTooLarge))
        #expect(parser.append(Array("\r\n\r\n".utf8)) == .failed(.headerTooLarge))
    }

    @Test("A complete header block just over the limit fails too")
    func completeButOversizedHeader() {
        var parser = HandshakeResponseParser(maxHeaderBytes: Self.upgrade.count - 1)
        #expect(parser.append(Self.upgrade) == .failed(.headerTooLarge))
    }

    static let garbage: [(String, [UInt8])] = [
        ("an SSH banner", Array("SSH-2.0-OpenSSH_9.6\r\n".utf8)),
        ("a WebSocket frame", hex("81 05 48 65 6c 6c 6f")),
        ("lowercase http", Array("http/1.1 101 Switching Protocols\r\n\r\n".utf8)),
        ("a two-digit status", Array("HTTP/1.1 99 Odd\r\n\r\n".utf8)),
        ("no space after the version", Array("HTTP/1.1101 Switching\r\n\r\n".utf8)),
        ("a missing status code", Array("HTTP/1.1\r\n\r\n".utf8)),
    ]

    @Test("Garbage instead of a status line fails with malformedStatusLine", arguments: Self.garbage)
    func garbageStatusLine(_ name: String, _ bytes: [UInt8]) {
        var parser = HandshakeResponseParser()
        let result = parser.append(bytes)
        #expect(result == .failed(.malformedStatusLine), "\(name)")
        if case .failed(let error) = result {
            #expect(error.description.contains("status line"))
        }
    }

    @Test("Garbage fails as soon as the first byte shows it cannot be HTTP")
    func garbageFailsFast() {
        var parser = HandshakeResponseParser()
        #expect(parser.append([0x81]) == .failed(.malformedStatusLine))
    }

    static let badHeaders: [String] = [
        "NoColonHere",
        ": empty name",
        "Space Name: x",
        "Name : x",
        " folded continuation",
    ]

    @Test("A header line that is not name: value fails with malformedHeaderLine", arguments: Self.badHeaders)
    func malformedHeaderLine(_ line: String) {
        var parser = HandshakeResponseParser()
        let result = parser.append(Array("HTTP/1.1 101 Switching Protocols\r\nA: b\r\n\(line)\r\n\r\n".utf8))
        #expect(result == .failed(.malformedHeaderLine))
        if case .failed(let error) = result {
            #expect(error.detail.contains("line 3"))
        }
    }

    @Test("End of input inside the header block is an incomplete response")
    func incompleteResponse() {
        var parser = HandshakeResponseParser()
        #expect(parser.append(Array("HTTP/1.1 101 Switching".utf8)) == .needMoreData)
        #expect(parser.finish() == .failed(.incompleteResponse))
    }

    @Test("A status line without a reason phrase is accepted")
    func emptyReasonPhrase() {
        var parser = HandshakeResponseParser()
        guard case .complete(let response, _) = parser.append(Array("HTTP/1.0 101\r\n\r\n".utf8)) else {
            Issue.record("expected a complete response")
            return
        }
        #expect(response.httpVersion == "HTTP/1.0")
        #expect(response.reasonPhrase == "")
        #expect(response.statusLine == "HTTP/1.0 101")
    }
}
