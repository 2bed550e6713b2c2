import Foundation
import MessageSchema

/// Paths to the checked-in sample protocol, and scratch files for definitions written by a test.
enum ProtocolFixtures {
    /// `scenarios/agent-dashboard/` in this checkout.
    static let sampleDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios/agent-dashboard")

    /// The sample in every format we read.
    static let sampleFiles = [
        "protocol.sidecar.yaml", "protocol.asyncapi.yaml", "protocol.asyncapi-2.6.yaml", "protocol.wsapi.yaml",
    ]

    static func samplePath(_ name: String) -> String {
        self.sampleDirectory.appendingPathComponent(name).path
    }

    /// The captured conversation in `traffic.jsonl`, parsed.
    static func traffic() throws -> [JSONValue] {
        let text = try String(contentsOfFile: self.samplePath("traffic.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// Writes `files` (name → text) into a fresh directory and returns its path.
    static func write(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gauntlet-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Loads `text` saved as `name`, returning the protocol or the failure.
    static func load(
        _ name: String, _ text: String, extra: [String: String] = [:],
        perspective: ProtocolLoader.Perspective = .server
    ) throws -> Result<LoadedProtocol, ProtocolLoadFailure> {
        var files = extra
        files[name] = text
        let directory = try self.write(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        do {
            return .success(try ProtocolLoader(perspective: perspective).load(path: path))
        } catch {
            return .failure(error)
        }
    }

    /// The failure's diagnostics as `name:line:column: severity: message` with the directory stripped.
    static func lines(_ failure: ProtocolLoadFailure) -> [String] {
        failure.diagnostics.map { diagnostic in
            let file = URL(fileURLWithPath: diagnostic.file).lastPathComponent
            let place = diagnostic.position.map { "\(file):\($0.line):\($0.column)" } ?? file
            return "\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        }
    }
}

extension Result {
    /// The failure, or nil on success (for `#expect` and `#require`).
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    /// The success value, or nil on failure.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
