import Foundation

/// Writes `results.json` atomically, so a reader, a crash or Ctrl-C never sees half a file.
public struct ReportWriter: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `<directory>/<agent>/results.json`.
    public func resultsPath(agent: String) -> String {
        "\(self.directory)/\(Self.safeName(agent))/results.json"
    }

    /// Writes the report and returns its path.
    @discardableResult
    public func write(_ report: RunReport) throws -> String {
        let path = self.resultsPath(agent: report.agent)
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    /// An agent name usable as a folder name.
    static func safeName(_ agent: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let cleaned = String(agent.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "agent" : cleaned
    }
}
