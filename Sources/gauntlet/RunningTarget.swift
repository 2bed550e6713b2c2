import Foundation
import GauntletCore

/// A config target ready to be tested: the URL to use (with `{port}` filled in) and, when gauntlet started the
/// server with `TargetProcess`, the process to stop and the log to keep beside the report.
struct RunningTarget {
    let url: String
    let process: TargetProcess?

    /// Starts the target's `launch` command when it has one; otherwise the server is expected to be running.
    ///
    /// `{gauntlet}` becomes this executable's path and `{port}` the port: a free loopback port gauntlet picks when
    /// the URL says `{port}`, otherwise the URL's own port, which is then the one readiness waits for.
    static func start(_ entry: RunConfig.TargetEntry) async throws(TargetStartError) -> RunningTarget {
        guard let launch = entry.launch else { return RunningTarget(url: entry.url, process: nil) }
        var fixedPort: Int?
        if !entry.url.contains("{port}") {
            fixedPort = (try? Target(url: entry.url))?.port
        }
        let spec = LaunchSpec(
            command: launch.replacingOccurrences(of: "{gauntlet}", with: Self.executablePath),
            environment: entry.environment, workingDirectory: entry.workingDirectory,
            readinessTimeout: entry.readyTimeout)
        let process: TargetProcess
        do {
            process = try await TargetProcess.launch(spec, port: fixedPort)
        } catch {
            throw TargetStartError(message: error.description, log: error.logTail)
        }
        LaunchedProcessGroups.shared.register(process.pid)
        print("Started \(entry.name) (pid \(process.pid), port \(process.port)): \(process.commandLine)")
        let url = entry.url.replacingOccurrences(of: "{port}", with: String(process.port))
        return RunningTarget(url: url, process: process)
    }

    /// The server's output so far; nil when gauntlet did not start it.
    func log() -> String? { self.process?.log() }

    /// Stops a launched server (its whole process group); nothing for one that was already running.
    func stop() async {
        guard let process = self.process else { return }
        await process.stop()
        LaunchedProcessGroups.shared.unregister(process.pid)
    }

    /// This gauntlet, quoted for `/bin/sh` when its path has spaces or quotes.
    static var executablePath: String {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "gauntlet"
        guard path.contains(where: { " '\"$`\\".contains($0) }) else { return path }
        return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why a target could not be started, with the end of its output when it printed any.
struct TargetStartError: Error, CustomStringConvertible {
    var message: String
    var log: String?

    var description: String { self.message }
}
