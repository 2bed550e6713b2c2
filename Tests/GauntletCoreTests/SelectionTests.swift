import Testing

@testable import GauntletCore

/// Case ids, filters and target URLs: the small parsers every command depends on.
@Suite("Selecting cases and targets")
struct SelectionTests {
    @Test(
        "Case ids order numerically part by part",
        arguments: [("1.1.9", "1.1.10"), ("2.9", "2.10"), ("1.2.8", "2.1"), ("9.1", "H.1")])
    func caseIDOrder(smaller: String, larger: String) {
        #expect(CaseID(smaller) < CaseID(larger))
        #expect(!(CaseID(larger) < CaseID(smaller)))
    }

    @Test(
        "Filters match globs and whole subtrees, never siblings",
        arguments: [
            ("1.*", "1.1.1", true), ("1.*", "2.1", false), ("2.1", "2.1", true), ("2.1", "2.10", false),
            ("6.4", "6.4.3", true), ("*.8", "1.1.8", true), ("1.1.?", "1.1.1", false),
        ]
    )
    func filterPatterns(pattern: String, id: String, selected: Bool) {
        #expect(CaseFilter(include: [pattern]).includes(CaseID(id)) == selected)
    }

    @Test("Exclusions win over inclusions, and comma lists are trimmed")
    func exclusions() {
        let filter = CaseFilter(include: CaseFilter.patterns(" 1.* , 2.1"), exclude: CaseFilter.patterns("1.2.*"))
        #expect(filter.includes("1.1.3"))
        #expect(!filter.includes("1.2.3"))
        #expect(filter.includes("2.1"))
        #expect(Catalogue.cases(matching: filter).count == 9)
    }

    @Test(
        "ws:// URLs split into host, port and resource",
        arguments: [
            ("ws://127.0.0.1:9001", "127.0.0.1", 9001, "/"),
            ("ws://localhost/chat?room=1", "localhost", 80, "/chat?room=1"),
            ("ws://[::1]:8080/ws", "::1", 8080, "/ws"),
            ("WS://example.test:1?x", "example.test", 1, "/?x"),
        ]
    )
    func targetURLs(url: String, host: String, port: Int, resource: String) throws {
        let target = try Target(url: url)
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.resource == resource)
    }

    @Test(
        "Bad URLs are refused with a reason",
        arguments: ["http://x", "wss://x", "ws://:80", "ws://x:0", "ws://x:99999", "ws://[::1"])
    func badURLs(url: String) {
        #expect(throws: TargetError.self) { try Target(url: url) }
    }
}
