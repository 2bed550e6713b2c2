import Foundation

/// A real third-party server for the tests: Python's `websockets` library, started on a free loopback port.
///
/// The interpreter comes from `GAUNTLET_PYTHON`, else the package's `.venv`. CI sets
/// `GAUNTLET_REQUIRE_THIRD_PARTY=1`, which turns a missing interpreter into a failure instead of a skip.
final class PythonEchoServer: @unchecked Sendable {
    let process: Process
    let port: Int

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var interpreter: String {
        ProcessInfo.processInfo.environment["GAUNTLET_PYTHON"]
            ?? self.packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["GAUNTLET_REQUIRE_THIRD_PARTY"] == "1" }

    /// Whether the interpreter exists and imports `websockets`.
    static var isAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: self.interpreter) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: self.interpreter)
        probe.arguments = ["-c", "import websockets"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        Self.waitForExit(probe)
        guard !probe.isRunning else {
            kill(probe.processIdentifier, SIGKILL)
            return false
        }
        return probe.terminationStatus == 0
    }

    init() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.interpreter)
        process.arguments = [Self.packageRoot.appendingPathComponent("targets/python-websockets/server.py").path, "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        // The first line is "listening on ws://127.0.0.1:PORT/"; read it with a bound on size and time.
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(UInt8(ascii: "\n")), line.count < 512, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").last?.split(separator: "/").first, let port = Int(portText)
        else {
            kill(process.processIdentifier, SIGKILL)
            throw SupportError("the Python server did not report its port; it printed: \(text)")
        }
        self.port = port
    }

    /// Kills the server. SIGKILL, because a child may inherit a blocked SIGTERM from the test runner's thread.
    func stop() {
        kill(self.process.processIdentifier, SIGKILL)
        Self.waitForExit(self.process)
    }

    /// Polls rather than `waitUntilExit()`, which spins a run loop on Linux; gives up after ten seconds.
    private static func waitForExit(_ process: Process) {
        for _ in 0..<1000 where process.isRunning {
            usleep(10_000)
        }
    }
}

struct SupportError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
