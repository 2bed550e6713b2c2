import MessageSchema
import Testing

/// The writer sends generated messages exactly as built: compact, in key order, escaped per RFC 8259.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("strings are escaped as RFC 8259 requires and nothing more")
    func stringsAreEscaped() {
        let value: JSONValue = .string("a\"b\\c\n\t\u{1}é/")
        #expect(JSONWriter.string(from: value) == "\"a\\\"b\\\\c\\n\\t\\u0001é/\"")
    }

    @Test("values round-trip through the parser")
    func valuesRoundTrip() throws {
        let text = "{\"id\":\"1\",\"n\":[null,true,false,-0.5,1e+300,99999999999999999999],\"o\":{}}"
        let value = try JSONParser.parse(text)
        #expect(JSONWriter.string(from: value) == text)
        #expect(try JSONParser.parse(JSONWriter.string(from: value)) == value)
    }

    @Test("literals build values for tests and generators")
    func literalsBuildValues() {
        let value: JSONValue = ["type": "ping", "seq": 3, "ok": true, "tags": ["a"], "none": nil]
        #expect(value.description == "{\"type\":\"ping\",\"seq\":3,\"ok\":true,\"tags\":[\"a\"],\"none\":null}")
    }
}
