/// Which cases one run performs: catalogue cases and scenarios chosen by the same patterns, so
/// `--cases 'S.subscribe-*,1.*'` picks from both and `--exclude` skips from both.
///
/// Without include patterns, a run with scenarios runs just the scenarios (the user came for them) and a run
/// without runs the whole catalogue. With them, exactly the matching ids run: `*` is everything, `S.*` every
/// scenario, `1.*` a catalogue section.
public struct CaseSelection: Sendable {
    /// `--cases` or the config's `cases`; nil when not given.
    public var include: [String]?
    public var exclude: [String]
    public var scenarios: [Case]

    public init(include: [String]?, exclude: [String] = [], scenarios: [Case] = []) {
        self.include = include
        self.exclude = exclude
        self.scenarios = scenarios
    }

    /// The selected cases in id order.
    public func cases() -> [Case] {
        let candidates: [Case]
        if let include = self.include, !include.isEmpty {
            let filter = CaseFilter(include: include)
            candidates = (Catalogue.all + self.scenarios).filter { filter.includes($0.id) }
        } else {
            candidates = self.scenarios.isEmpty ? Catalogue.all : self.scenarios
        }
        let exclusions = CaseFilter(exclude: self.exclude)
        return candidates.filter { exclusions.includes($0.id) }.sorted { $0.id < $1.id }
    }

    /// A sentence for an empty selection, naming what was asked for.
    public var emptyExplanation: String {
        let asked = self.include.map { "--cases '\($0.joined(separator: ","))'" } ?? "the default selection"
        let scenarioNote = self.scenarios.isEmpty ? " (no scenarios were loaded, so S.* ids match nothing)" : ""
        return "no case matches \(asked) minus --exclude '\(self.exclude.joined(separator: ","))'\(scenarioNote)"
    }
}
