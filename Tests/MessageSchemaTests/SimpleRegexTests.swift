import Foundation
import Testing

@testable import MessageSchema

/// Our fast matcher must agree with ICU (the fallback) on every pattern it accepts, and decline the rest.
@Suite("Fast regex subset")
struct SimpleRegexTests {
    static let patterns = [
        "^[A-Za-z0-9_-]+$", "^agent-[a-z0-9-]+$", #"^(agents|agent-[a-z0-9-]+\.(status|terminal))$"#, "a+b",
        "^a{2,3}$", "^(ab)*c$", "colou?r", #"^\d{3}-\d{4}$"#, #"\s"#, "^[^abc]+$", "^(a|ab)(c|bcd)$", "x.*y",
        "^a*?b", "^(?:foo|bar){2}$", #"^\w+@\w+\.com$"#, "^$", "a{2,}", #"^[\d.]+$"#, "^(a+)+$", "[-a]", "^.$",
    ]
    static let inputs = [
        "", "a", "ab", "abc", "aab", "aaa", "aaaa", "agent-x1", "agent-x1.status", "agents", "agent-.terminal",
        "color", "colour", "123-4567", "12-34567", "a b", "xaby", "foobar", "foofoo", "bar", "me@site.com",
        "abcd", "1.2.3", "-", "\n", "é", "ab\n", "AZaz09_-",
    ]

    static func icu(_ pattern: String, _ text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: SchemaRegex.translate(pattern))
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    @Test("the fast matcher agrees with ICU", arguments: Self.patterns)
    func agreesWithICU(pattern: String) throws {
        let simple = try #require(SimpleRegex(pattern), "\(pattern) should be in the subset")
        for text in Self.inputs where !text.hasSuffix("\n") {
            #expect(simple.matches(text) == (try Self.icu(pattern, text)), "\(pattern) on \(text.debugDescription)")
        }
    }

    @Test("`$` matches only at the very end, as in ECMA-262 (ICU also matches before a final newline)")
    func dollarIsEndOfInput() throws {
        let simple = try #require(SimpleRegex("^abc$"))
        #expect(simple.matches("abc\n") == false)
        #expect(simple.matches("abc") == true)
    }

    @Test(
        "patterns outside the subset are left to ICU",
        arguments: [
            "(?=a)b", #"(a)\1"#, #"\bword"#, #"\u0041"#, #"\p{L}"#, "é+", "[]", "a{1", "*a", "(a", "[a-", #"[\D]"#,
        ])
    func declines(pattern: String) {
        #expect(SimpleRegex(pattern) == nil)
    }

    @Test("very long inputs go to ICU instead of deep recursion")
    func longInput() throws {
        let simple = try #require(SimpleRegex("^(ab)+$"))
        #expect(simple.matches(String(repeating: "ab", count: 5000)) == nil)
        let regex = try SchemaRegex("^(ab)+$")
        #expect(regex.matches(String(repeating: "ab", count: 5000)))
        #expect(!regex.matches(String(repeating: "ab", count: 5000) + "a"))
    }
}
