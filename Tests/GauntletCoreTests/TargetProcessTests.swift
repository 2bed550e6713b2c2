import Foundation
import GauntletCore
import Testing

/// The launcher behind `run --config` and `fuzz --launch`, driven with real processes: a small stdlib Python
/// server stands in for a target.
@Suite("Launching target servers")
struct TargetProcessTests {
    /// Listens on {port}, prints a line per connection, and exits with status 7 when a client sends "die".
    static let server = """
        python3 -u -c '
        import socket, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", {port})); s.listen(8); print("listening", flush=True)
        while True:
            c, _ = s.accept(); data = c.recv(16); print("got", data, flush=True)
            if data == b"die": sys.exit(7)
            c.close()
        '
        """

    @Test("A launched server is ready on its chosen loopback port and its output is kept")
    func launchedServerIsReady() async throws {
        let process = try await TargetProcess.launch(LaunchSpec(command: Self.server))
        #expect(process.port > 0)
        #expect(process.exitStatus == nil)
        #expect(try await self.waitForLog(process) { $0.contains("listening") })
        await process.stop()
        #expect(process.exitStatus == .signaled(SIGKILL))
    }

    @Test("A server that dies on an input is seen exiting, and the excerpt since the mark holds its last words")
    func crashIsDetected() async throws {
        let process = try await TargetProcess.launch(LaunchSpec(command: Self.server))
        _ = try await self.waitForLog(process) { $0.contains("got b''") }
        process.markLog()
        try self.send("die", to: process.port)
        let status = await process.waitForExit(timeout: .seconds(20))
        #expect(status == .exited(7))
        #expect(process.logSinceMark().contains("got b'die'"))
        #expect(!process.logSinceMark().contains("listening"))
        await process.stop()
    }

    @Test("A command that exits before listening fails the launch with its status and output")
    func earlyExitFailsTheLaunch() async {
        do {
            _ = try await TargetProcess.launch(LaunchSpec(command: "echo no config file >&2; exit 3"))
            Issue.record("the launch should have failed")
        } catch {
            #expect(error.exitStatus == .exited(3))
            #expect(error.logTail.contains("no config file"))
            #expect(error.description.contains("exited with status 3"))
        }
    }

    @Test("A server that never listens fails the launch at the readiness timeout, and is killed")
    func silentServerTimesOut() async {
        let spec = LaunchSpec(command: "echo starting; exec sleep 60", readinessTimeout: .milliseconds(300))
        do {
            _ = try await TargetProcess.launch(spec)
            Issue.record("the launch should have failed")
        } catch {
            #expect(error.exitStatus == nil)
            #expect(error.description.contains("did not accept a connection"))
            #expect(error.logTail.contains("starting"))
        }
    }

    @Test("The environment and working directory reach the command")
    func environmentAndDirectory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("launch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = LaunchSpec(
            command: "echo \"$GREETING in $(pwd)\"; \(Self.server)", environment: ["GREETING": "hello"],
            workingDirectory: folder.path)
        let process = try await TargetProcess.launch(spec)
        #expect(try await self.waitForLog(process) { $0.contains("listening") })
        #expect(process.log().contains("hello in \(folder.path)"))
        await process.stop()
    }

    @Test("The kept output is bounded to the newest bytes")
    func logIsBounded() async throws {
        let spec = LaunchSpec(
            command: "python3 -c 'print(\"x\" * 100000)'; echo tail-marker; \(Self.server)", logLimit: 1024)
        let process = try await TargetProcess.launch(spec)
        #expect(try await self.waitForLog(process) { $0.contains("listening") })
        #expect(process.log().utf8.count <= 1024)
        #expect(process.log().contains("tail-marker"))
        await process.stop()
    }

    private func send(_ text: String, to port: Int) throws {
        let handle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(handle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(handle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw SupportError("connect failed: errno \(errno)") }
        _ = text.withCString { write(handle, $0, strlen($0)) }
    }

    /// Polls the log until `condition` holds, for at most twenty seconds.
    private func waitForLog(_ process: TargetProcess, _ condition: (String) -> Bool) async throws -> Bool {
        for _ in 0..<2000 {
            if condition(process.log()) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
