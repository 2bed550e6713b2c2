import Foundation

/// Runs `Scripts/deflate_client.py`: Python's `websockets` as a real compressing client against our server.
///
/// The interpreter comes from `GAUNTLET_PYTHON`, else the package's `.venv`. With `GAUNTLET_REQUIRE_THIRD_PARTY=1`
/// a missing interpreter fails the tests instead of skipping them.
enum PythonDeflateClient {
    /// What the script printed: the negotiated header, how many echoes matched, and the first error.
    struct Outcome: Decodable, Sendable {
        var extensions: String?
        var echoed: Int
        var error: String?
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var interpreter: String {
        ProcessInfo.processInfo.environment["GAUNTLET_PYTHON"]
            ?? self.packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    static var isRequired: Bool {
        ProcessInfo.processInfo.environment["GAUNTLET_REQUIRE_THIRD_PARTY"] == "1"
    }

    /// Whether the tests can run: the interpreter exists (or is required, so its absence fails loudly).
    static var isUsable: Bool {
        self.isRequired || FileManager.default.isExecutableFile(atPath: self.interpreter)
    }

    /// The script's own path.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/deflate_client.py").path
    }

    /// Runs one exchange against `uri` with the options of the script's docstring; gives up after `timeout`.
    static func run(uri: String, options: String, timeout: TimeInterval = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.interpreter)
        process.arguments = [self.script, uri, options]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Reads block, so a watchdog kills a hung client; that closes the pipe and ends the read loop below.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // The script prints one short line; bound what we keep.
        var data = Data()
        while data.count < 64 * 1024 {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                break
            }
            data.append(chunk)
        }
        for _ in 0..<500 where process.isRunning {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        guard let line = data.split(separator: UInt8(ascii: "\n")).last else {
            throw ScriptError(description: "the Python client printed nothing (exit \(process.terminationStatus))")
        }
        return try JSONDecoder().decode(Outcome.self, from: Data(line))
    }

    struct ScriptError: Error, CustomStringConvertible {
        var description: String
    }
}
