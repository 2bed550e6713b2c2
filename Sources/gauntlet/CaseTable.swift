import GauntletCore

/// The catalogue as a Markdown table, the form docs/cases.md embeds, so the document is regenerated from the code
/// rather than kept in step by hand.
enum CaseTable {
    static func markdown(_ cases: [Case]) -> String {
        var lines = [
            "| id | what the case does | what a conforming server does |",
            "|---|---|---|",
        ]
        for item in cases {
            lines.append("| \(item.id) | \(Self.cell(item.description)) | \(Self.cell(item.expectation)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Text safe inside a table cell: no pipes, no line breaks.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
