import Foundation

/// Reads a `results.json` back into a `RunReport`, so `compare`, `merge`, baselines and every writer work from
/// the saved source of truth instead of re-running anything.
///
/// A file that is not JSON, is from a newer Gauntlet, or has a wrong field fails with a `ReportFileError` that
/// names `file:line:column`.
public struct ReportReader: Sendable {
    /// Files larger than this are refused before they are read into memory.
    public var maxBytes: Int

    public init(maxBytes: Int = 256 << 20) {
        self.maxBytes = maxBytes
    }

    public func read(path: String) throws(ReportFileError) -> RunReport {
        let bytes = try ReportFileError.readBounded(path: path, maxBytes: self.maxBytes)
        return try self.decode(bytes, path: path)
    }

    public func decode(_ bytes: [UInt8], path: String) throws(ReportFileError) -> RunReport {
        let probe = try ReportFileError.decode(VersionProbe.self, from: bytes, path: path)
        guard let version = probe.formatVersion else {
            throw ReportFileError(
                path: path,
                position: JSONSourceLocator.Position(line: 1, column: 1),
                message: "not a Gauntlet results file: it has no \"formatVersion\" member"
            )
        }
        guard version == RunReport.currentFormatVersion else {
            let newer = version > RunReport.currentFormatVersion ? " (written by a newer Gauntlet)" : ""
            throw ReportFileError(
                path: path,
                position: JSONSourceLocator.locate([.key("formatVersion")], in: bytes),
                message: "unsupported formatVersion \(version)\(newer); this Gauntlet reads "
                    + "formatVersion \(RunReport.currentFormatVersion)"
            )
        }
        return try ReportFileError.decode(RunReport.self, from: bytes, path: path)
    }

    /// The results files an argument names: a `results.json` (or any `.json` file) itself, an agent folder
    /// holding one, or a report root whose agent folders hold them, in name order.
    public static func resultsFiles(in input: String) throws(ReportFileError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
            throw ReportFileError(path: input, position: nil, message: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [input] }
        if manager.fileExists(atPath: "\(input)/results.json") { return ["\(input)/results.json"] }
        let children = (try? manager.contentsOfDirectory(atPath: input)) ?? []
        let found = children.sorted().map { "\(input)/\($0)/results.json" }.filter { manager.fileExists(atPath: $0) }
        guard !found.isEmpty else {
            throw ReportFileError(path: input, position: nil, message: "holds no results.json, nor folders that do")
        }
        return found
    }

    /// Just enough of a results file to check its version before trusting the rest.
    private struct VersionProbe: Decodable {
        var formatVersion: Int?
    }
}
