import MessageSchema
import Testing

/// The parser keeps what the wire said and says exactly where input is wrong.
@Suite("JSON parser")
struct JSONParserTests {
    @Test(
        "syntax errors carry line and column",
        arguments: [
            ("{\"a\": 1,}", JSONParseError.Code.unexpectedCharacter, 1, 9),
            ("[1,\n  2,\n  x]", .unexpectedCharacter, 3, 3),
            ("{\"a\" 1}", .unexpectedCharacter, 1, 6),
            ("[01]", .invalidNumber, 1, 2),
            ("[1.]", .invalidNumber, 1, 4),
            ("\"abc", .unexpectedEndOfInput, 1, 1),
            ("\"a\tb\"", .controlCharacterInString, 1, 3),
            ("\"\\x\"", .invalidEscape, 1, 2),
            ("\"\\ud800\"", .loneSurrogate, 1, 2),
            ("tru", .invalidLiteral, 1, 1),
            ("{} {}", .trailingContent, 1, 4),
            ("", .unexpectedEndOfInput, 1, 1),
            ("[\"é\", ?]", .unexpectedCharacter, 1, 7),
            ("1e999", .numberOutOfRange, 1, 1),
        ])
    func syntaxErrorsCarryLineAndColumn(text: String, code: JSONParseError.Code, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.code == code)
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test("invalid UTF-8 is reported at the offending byte")
    func invalidUTF8IsLocated() {
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        do {
            _ = try JSONParser().parse(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.offset == 4)
        }
    }

    @Test("duplicate keys are rejected by default, with their position")
    func duplicateKeysRejected() {
        do {
            _ = try JSONParser.parse("{\"a\": 1,\n \"a\": 2}")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .duplicateKey)
            #expect(error.line == 2)
            #expect(error.column == 2)
        }
    }

    @Test("duplicate keys can be kept and recorded instead")
    func duplicateKeysRecorded() throws {
        let parser = JSONParser(options: JSONParser.Options(duplicateKeys: .keepLast))
        let document = try parser.parseDocument(Array("{\"x\": {\"a\": 1, \"b\": 2, \"a\": 3}}".utf8))
        #expect(document.value["x"]?["a"] == .integer(3))
        #expect(document.value["x"]?.objectValue?.keys == ["a", "b"])
        #expect(document.duplicateKeys == [JSONDuplicateKey(key: "a", objectPointer: "/x", line: 1, column: 24)])
    }

    @Test("big integers are kept exactly and integers stay apart from decimals")
    func numbersKeepTheirKind() throws {
        let value = try JSONParser.parse("[12345678901234567890123, -9223372036854775808, 1.0, 1, 2.5e3]")
        #expect(value.arrayValue?[0] == .bigInteger("12345678901234567890123"))
        #expect(value.arrayValue?[1] == .integer(Int.min))
        guard case .number(1.0) = value.arrayValue?[2] else {
            Issue.record("1.0 must parse as a decimal")
            return
        }
        #expect(value.arrayValue?[3] == .integer(1))
        #expect(value.arrayValue?[2] == value.arrayValue?[3], "1 == 1.0 as JSON Schema wants")
        #expect(JSONWriter.string(from: value) == "[12345678901234567890123,-9223372036854775808,1.0,1,2500.0]")
    }

    @Test("object key order is kept")
    func keyOrderIsKept() throws {
        let value = try JSONParser.parse("{\"z\": 1, \"a\": 2, \"m\": {\"y\": 0, \"b\": 1}}")
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONWriter.string(from: value) == "{\"z\":1,\"a\":2,\"m\":{\"y\":0,\"b\":1}}")
    }

    @Test("strings compare by Unicode scalars, not canonical equivalence")
    func stringsCompareByScalars() throws {
        let precomposed = try JSONParser.parse("\"\\u00e9\"")
        let decomposed = try JSONParser.parse("\"e\\u0301\"")
        #expect(precomposed != decomposed)
        let object = try JSONParser.parse("{\"\\u00e9\": 1, \"e\\u0301\": 2}")
        #expect(object.objectValue?.count == 2)
        #expect(object["e\u{301}"] == .integer(2))
    }

    @Test("surrogate pairs decode to one scalar")
    func surrogatePairsDecode() throws {
        #expect(try JSONParser.parse("\"\\ud83d\\ude00\"") == .string("😀"))
    }

    @Test("nesting beyond the depth bound fails cleanly")
    func depthIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooDeep)
            #expect(error.column == 513)
        }
        let parser = JSONParser(options: JSONParser.Options(maxDepth: 3))
        #expect(throws: JSONParseError.self) { try parser.parse("[[[[]]]]") }
        #expect(throws: Never.self) { try parser.parse("[[[]]]") }
    }

    @Test("large objects look keys up exactly")
    func largeObjectsUseTheIndex() throws {
        var object = JSONObject()
        for index in 0..<100 {
            object["k\(index)"] = .integer(index)
        }
        object["k5"] = nil
        #expect(object.count == 99)
        #expect(object["k99"] == .integer(99))
        #expect(object["k5"] == nil)
        #expect(object.keys.first == "k0")
    }
}
