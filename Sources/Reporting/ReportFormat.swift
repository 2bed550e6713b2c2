import Foundation

/// The formats a run can write, as `--format json,junit,markdown,html,autobahn` names them.
///
/// `json` (results.json) is the source of truth the others are made from, so it is always written; listing it is
/// allowed but not needed.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case json
    case junit
    case markdown
    case html
    case autobahn

    /// What a run writes when `--format` is not given: the source of truth, what CI shows, and what people read.
    public static let defaults: [ReportFormat] = [.json, .junit, .markdown, .html]

    /// Parses the comma-separated option; always includes `json`, keeps the order of `allCases`.
    public static func parseList(_ text: String) throws(ReportFormatError) -> [ReportFormat] {
        var chosen: Set<ReportFormat> = [.json]
        for name in text.split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            if trimmed.isEmpty { continue }
            guard let format = ReportFormat(rawValue: trimmed == "md" ? "markdown" : trimmed) else {
                throw ReportFormatError(name: String(name))
            }
            chosen.insert(format)
        }
        return Self.allCases.filter(chosen.contains)
    }

    /// The file (or folder, for `autobahn`) it writes inside `reports/<agent>/`.
    public var fileName: String {
        switch self {
        case .json: "results.json"
        case .junit: "junit.xml"
        case .markdown: "summary.md"
        case .html: "report.html"
        case .autobahn: "autobahn"
        }
    }
}

/// A name in `--format` that is not a format.
public struct ReportFormatError: Error, Sendable, CustomStringConvertible {
    public var name: String

    public var description: String {
        "unknown report format '\(self.name)'; known formats: "
            + ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
