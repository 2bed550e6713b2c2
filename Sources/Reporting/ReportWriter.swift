import Foundation

/// Writes a run's reports into `<directory>/<agent>/`, every file atomically, so a reader, a crash or Ctrl-C
/// never sees half a file.
public struct ReportWriter: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `<directory>/<agent>`.
    public func agentDirectory(agent: String) -> String {
        "\(self.directory)/\(Self.safeName(agent))"
    }

    /// `<directory>/<agent>/results.json`.
    public func resultsPath(agent: String) -> String {
        "\(self.agentDirectory(agent: agent))/results.json"
    }

    /// Writes `results.json` and returns its path.
    @discardableResult
    public func write(_ report: RunReport) throws -> String {
        try self.write(report, formats: [.json])[0]
    }

    /// Writes every format in `formats` (results.json always) and returns the paths written, results.json first.
    @discardableResult
    public func write(_ report: RunReport, formats: [ReportFormat]) throws -> [String] {
        let folder = self.agentDirectory(agent: report.agent)
        var paths: [String] = []
        for format in [ReportFormat.json] + formats.filter({ $0 != .json }) {
            let path = "\(folder)/\(format.fileName)"
            switch format {
            case .json: try Self.writeAtomically(try Self.encodeResults(report), to: path)
            case .junit: try Self.writeAtomically(Data(JUnitWriter.render([report]).utf8), to: path)
            case .markdown: try Self.writeAtomically(Data(MarkdownSummary.render(report).utf8), to: path)
            case .html: try Self.writeAtomically(Data(HTMLReport.render([report]).utf8), to: path)
            case .autobahn:
                for (name, data) in try AutobahnWriter.files([report]) {
                    try Self.writeAtomically(data, to: "\(path)/\(name)")
                }
            }
            paths.append(path)
        }
        return paths
    }

    /// The canonical results.json bytes: pretty, with sorted keys, so diffs between runs are readable.
    public static func encodeResults(_ report: RunReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    /// Creates the folder and replaces `path` in one rename.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// An agent name usable as a folder name.
    static func safeName(_ agent: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let cleaned = String(agent.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "agent" : cleaned
    }
}
