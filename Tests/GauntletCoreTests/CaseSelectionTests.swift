import GauntletCore
import Testing

/// `--cases` and `--exclude` choose from the catalogue and the scenarios with one syntax.
@Suite("Selecting catalogue cases and scenarios together")
struct CaseSelectionTests {
    static let scenarios = ScenarioSuiteTests.suite().cases

    @Test("Without --cases, scenarios alone run when there are any, otherwise the whole catalogue")
    func defaults() {
        #expect(CaseSelection(include: nil, scenarios: Self.scenarios).cases().map(\.id) == Self.scenarios.map(\.id))
        #expect(CaseSelection(include: nil).cases().count == Catalogue.all.count)
    }

    @Test(
        "Patterns pick scenario ids and catalogue ids alike",
        arguments: [
            (["S.ping-pong"], ["S.ping-pong"]),
            (["S.ping-*", "2.1"], ["2.1", "S.ping-burst", "S.ping-pong"]),
            (["S.subscribe-ack", "1.1.1"], ["1.1.1", "S.subscribe-ack"]),
        ])
    func patterns(include: [String], expected: [String]) {
        let ids = CaseSelection(include: include, scenarios: Self.scenarios).cases().map(\.id.rawValue)
        #expect(ids == expected)
    }

    @Test("'*' is everything, and exclusions apply to scenarios too")
    func everythingMinusExclusions() {
        let all = CaseSelection(include: ["*"], scenarios: Self.scenarios).cases()
        #expect(all.count == Catalogue.all.count + Self.scenarios.count)
        let some = CaseSelection(include: ["S.*"], exclude: ["S.ping-*"], scenarios: Self.scenarios).cases()
        #expect(some.count == Self.scenarios.count - 2)
        #expect(!some.contains { $0.id.rawValue.hasPrefix("S.ping-") })
    }

    @Test("An empty selection explains that scenario ids need scenarios")
    func emptySelection() {
        let selection = CaseSelection(include: ["S.ping-pong"])
        #expect(selection.cases().isEmpty)
        #expect(selection.emptyExplanation.contains("no scenarios were loaded"))
    }
}
