import Foundation

/// Where findings live on disk: `<root>/<target>/findings/<id>/`, each folder written whole under a temporary
/// name and renamed into place, so a reader (or `gauntlet replay`) never sees half a finding.
///
/// Folder contents: `finding.json`, `input.txt` and `input.bin` (the input as generated, text and exact bytes),
/// `reproducer.txt` and `reproducer.bin` (minimized), `sent.bin` (every byte written on the connection),
/// `observation.txt` and, for a launched target, `server.log`.
public struct FindingStore: Sendable {
    public let folder: URL

    /// The findings folder of `target` under `root` (e.g. `reports/fuzz`).
    public init(root: String, target: String) {
        let safe = String(target.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        self.folder = URL(fileURLWithPath: root).appendingPathComponent(safe).appendingPathComponent("findings")
    }

    /// Writes (or replaces) the folder of `finding`.
    public func save(_ finding: FuzzFinding, evidence: FindingEvidence) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: self.folder, withIntermediateDirectories: true)
        let final = self.folder.appendingPathComponent(finding.id)
        let temporary = self.folder.appendingPathComponent(".\(finding.id).\(getpid()).tmp")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        func write(_ name: String, _ data: Data) throws {
            try data.write(to: temporary.appendingPathComponent(name))
        }
        try write("finding.json", try Self.encoder.encode(finding))
        try write("input.txt", Data(CorpusFormat.write(evidence.input).utf8))
        try write("input.bin", Data(evidence.input.wireBytes))
        let reproducer = evidence.reproducer ?? evidence.input
        try write("reproducer.txt", Data(CorpusFormat.write(reproducer).utf8))
        try write("reproducer.bin", Data(reproducer.wireBytes))
        try write("sent.bin", Data(evidence.sentBytes))
        try write("observation.txt", Data(FindingEvidence.describe(evidence.observation).utf8))
        if let log = evidence.serverLog { try write("server.log", Data(log.utf8)) }
        if manager.fileExists(atPath: final.path) {
            try manager.removeItem(at: final)
        }
        try manager.moveItem(at: temporary, to: final)
    }

    /// Rewrites only `finding.json` (a new occurrence count), atomically.
    public func update(_ finding: FuzzFinding) throws {
        let url = self.folder.appendingPathComponent(finding.id).appendingPathComponent("finding.json")
        try Self.encoder.encode(finding).write(to: url, options: .atomic)
    }

    /// A saved finding and its reproducer (the minimized input, else the original).
    public static func load(folder: String) throws(FindingLoadError) -> (finding: FuzzFinding, reproducer: FuzzInput) {
        let base = URL(fileURLWithPath: folder)
        let json = base.appendingPathComponent("finding.json")
        guard let data = try? Data(contentsOf: json) else {
            throw FindingLoadError("\(json.path): cannot read it; is \(folder) a finding folder?")
        }
        let finding: FuzzFinding
        do {
            finding = try JSONDecoder().decode(FuzzFinding.self, from: data)
        } catch {
            throw FindingLoadError("\(json.path): not a finding: \(error)")
        }
        for name in ["reproducer.txt", "input.txt"] {
            let path = base.appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            do {
                return (finding, try CorpusFormat.read(text, file: path))
            } catch {
                throw FindingLoadError(error.description)
            }
        }
        throw FindingLoadError("\(folder): has neither reproducer.txt nor input.txt")
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A finding folder that cannot be replayed, and why.
public struct FindingLoadError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
