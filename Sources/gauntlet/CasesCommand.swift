import ArgumentParser
import GauntletCore

extension Gauntlet {
    /// Lists the catalogue, so users can pick ids for `--cases` without reading source.
    struct Cases: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in cases: id, section, description.")

        @Option(name: .long, help: "Comma-separated case ids or globs to list. Default: all.")
        var cases: String?

        @Flag(name: .long, help: "Also print each case's expectation.")
        var verbose = false

        @Option(name: .long, help: "text (default) or markdown, the table docs/cases.md embeds.")
        var format = "text"

        func validate() throws {
            guard ["text", "markdown"].contains(self.format) else {
                throw ValidationError("--format must be text or markdown")
            }
        }

        func run() {
            let selected = Catalogue.cases(matching: CaseFilter(include: CaseFilter.patterns(self.cases)))
            if self.format == "markdown" {
                print(CaseTable.markdown(selected))
                return
            }
            let width = selected.map(\.id.rawValue.count).max() ?? 0
            for item in selected {
                let id = item.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                print("\(id)  \(item.id.section)  \(item.description)")
                if self.verbose {
                    print(String(repeating: " ", count: width + 2) + "expect: \(item.expectation)")
                }
            }
            print("\(selected.count) cases")
        }
    }
}
