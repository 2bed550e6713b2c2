import Testing

@testable import Reporting

/// Positions in error messages must point where an editor shows the problem.
@Suite("Locating values in JSON text")
struct JSONSourceLocatorTests {
    /// A path into a document and where its value must be found.
    struct Lookup: Sendable, CustomTestStringConvertible {
        var text: String
        var path: [JSONSourceLocator.Component]
        var position: String?
        var testDescription: String { self.text }
    }

    static let lookups: [Lookup] = [
        .init(
            text: "{\"a\": {\"b\": [10, 20, {\"c\": true}]}}", path: [.key("a"), .key("b"), .index(2), .key("c")],
            position: "1:28"),
        .init(text: "{\n  \"a\\\"b\": 1,\n  \"x\": 2\n}", path: [.key("a\"b")], position: "2:11"),
        .init(text: "{\"\\u00e9\": 1, \"k\": \"é\", \"z\": 3}", path: [.key("é")], position: "1:12"),
        .init(text: "{\"é\": \"ééé\", \"z\": 3}", path: [.key("z")], position: "1:19"),
        .init(text: "[1, 2]", path: [.index(5)], position: nil),
        .init(text: "{\"a\": 1}", path: [.key("b")], position: nil),
        .init(text: "{\"a\": 1}", path: [], position: "1:1"),
    ]

    @Test("A path finds the start of its value, columns counting characters", arguments: Self.lookups)
    func locate(_ lookup: Lookup) {
        let found = JSONSourceLocator.locate(lookup.path, in: Array(lookup.text.utf8))
        #expect(found?.description == lookup.position)
    }

    @Test(
        "Syntax errors are found with their position",
        arguments: [
            ("{\"a\": tru}", "1:7", "expected 'true'"),
            ("{\"a\": 1 \"b\": 2}", "1:9", "expected ',' or '}'"),
            ("{\"a\": \"x\ny\"}", "1:9", "control character in a string"),
            ("{\"a\": -}", "1:7", "malformed number"),
            ("{} {}", "1:4", "unexpected content after the JSON value"),
            (String(repeating: "[", count: 300), "1:257", "nesting is too deep"),
        ])
    func syntaxErrors(text: String, position: String, message: String) {
        let error = JSONSourceLocator.syntaxError(in: Array(text.utf8))
        #expect(error?.position.description == position)
        #expect(error?.message == message)
    }

    @Test("Well-formed JSON has no syntax error")
    func wellFormed() {
        #expect(
            JSONSourceLocator.syntaxError(in: Array("{\"a\": [1, -2.5e3, \"\\ud83d\\ude00\", null, false]}".utf8))
                == nil)
    }
}
