import Foundation

/// The corpus folder on disk: every `*.txt` file in it (and one level of sub-folders) is a seed, read in name
/// order; inputs that draw a new behaviour are written back as `<layer>-<hash>.txt`, atomically, so two runs
/// sharing a folder never see half a file.
public enum CorpusStore {
    /// The most files read from one folder.
    public static let maxFiles = 10_000

    /// The inputs in `folder` (nil: none), each classified against `endpoint`.
    public static func load(_ folder: String?, endpoint: EndpointCheck?) throws(FuzzError) -> [FuzzInput] {
        guard let folder else { return [] }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder) else {
            // A new corpus starts empty; the folder is created when the first novel input is saved.
            return []
        }
        guard isFolder.boolValue else { throw FuzzError.input("\(folder): --corpus must be a folder") }
        var paths: [String] = []
        for name in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
            let path = folder + "/" + name
            var nested: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &nested), nested.boolValue {
                let inner = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
                paths += inner.filter { $0.hasSuffix(".txt") }.map { path + "/" + $0 }
            } else if name.hasSuffix(".txt") {
                paths.append(path)
            }
        }
        var inputs: [FuzzInput] = []
        for path in paths.prefix(Self.maxFiles) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw FuzzError.input("\(path): cannot be read as UTF-8 text")
            }
            do {
                inputs.append(try CorpusFormat.read(text, file: path).classified(endpoint: endpoint))
            } catch {
                throw FuzzError.input(error.description)
            }
        }
        return inputs
    }

    /// Writes `input` into `folder` (nil: nowhere) under a name derived from its bytes.
    public static func save(_ input: FuzzInput, folder: String?) {
        guard let folder else { return }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in input.wireBytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        let name = "\(input.layer.rawValue)-\(String(repeating: "0", count: 16 - digits.count))\(digits).txt"
        let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? Data(CorpusFormat.write(input).utf8).write(to: url, options: .atomic)
    }
}
