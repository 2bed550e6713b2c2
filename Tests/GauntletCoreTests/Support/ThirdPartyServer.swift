import Foundation

/// A real third-party server for the tests (one of `targets/`: Python websockets, aiohttp or Starlette, Node ws, Go
/// gorilla), started as a child process on a free loopback port.
///
/// Python comes from `GAUNTLET_PYTHON`, else the package's `.venv`. CI sets `GAUNTLET_REQUIRE_THIRD_PARTY=1`, which
/// turns a missing runtime into a failure instead of a skip.
final class ThirdPartyServer: @unchecked Sendable {
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

    /// The interpreter for the aiohttp target: `GAUNTLET_AIOHTTP_PYTHON`, else the websockets one.
    static var aiohttpInterpreter: String {
        ProcessInfo.processInfo.environment["GAUNTLET_AIOHTTP_PYTHON"] ?? self.interpreter
    }

    /// The folder holding Debian's node-ws unpacked (`<folder>/usr/share/nodejs/ws`), from `GAUNTLET_NODE_PATH`.
    static var nodePath: String? { ProcessInfo.processInfo.environment["GAUNTLET_NODE_PATH"] }

    /// Whether `node` and the `ws` module under `nodePath` are there.
    static var nodeWSIsAvailable: Bool {
        guard let nodePath = self.nodePath else { return false }
        return FileManager.default.isExecutableFile(atPath: self.node)
            && FileManager.default.fileExists(atPath: nodePath + "/ws/package.json")
    }

    /// The Node.js binary: `GAUNTLET_NODE`, else /usr/bin/node.
    static var node: String { ProcessInfo.processInfo.environment["GAUNTLET_NODE"] ?? "/usr/bin/node" }

    /// Whether the interpreter exists and imports `websockets`.
    static var isAvailable: Bool { self.isAvailable(module: "websockets", interpreter: self.interpreter) }

    /// Whether `interpreter` exists and imports `module`.
    static func isAvailable(module: String, interpreter: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: interpreter)
        probe.arguments = ["-c", "import \(module)"]
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

    /// Starts `targets/<target>/<script>` with `interpreter`, adding `environment` to the test's own.
    convenience init(
        target: String = "python-websockets",
        script: String = "server.py",
        interpreter: String = ThirdPartyServer.interpreter,
        environment: [String: String] = [:]
    ) throws {
        let script = Self.packageRoot.appendingPathComponent("targets/\(target)/\(script)").path
        try self.init(executable: interpreter, arguments: [script, "--port", "0"], environment: environment)
    }

    /// Starts `executable` with `arguments` (which must ask for a free port), adding `environment` to the test's own.
    init(executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        self.process = process
        // The first line is "listening on ws://127.0.0.1:PORT/"; read it with a bound on size and time.
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while !line.contains(UInt8(ascii: "\n")), line.count < 512, Date() < deadline {
            // poll first: a server that prints nothing must not block the read past the deadline.
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 200) > 0 else { continue }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").last?.split(separator: "/").first, let port = Int(portText)
        else {
            kill(process.processIdentifier, SIGKILL)
            throw SupportError("the server did not report its port within 20 s; it printed: \(text)")
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
