import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A target server Gauntlet started itself, so a crash can be told from a refusal: the process is watched from the
/// moment it starts, its output is kept for the report, and it always dies with its process group when stopped.
///
/// It uses `posix_spawn` rather than Foundation's `Process`, whose wait spins on Linux and which cannot start the
/// child in a process group of its own. The child gets an empty signal mask and default dispositions, so `SIGKILL`
/// and `SIGTERM` reach it even when the harness's thread blocks them.
public final class TargetProcess: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The shell's process id, also the id of the process group the server runs in.
    public let pid: Int32
    /// The command line as run, `{port}` filled in.
    public let commandLine: String

    private let state: NIOLockedValueBox<State>

    private struct State: Sendable {
        var log: ProcessLog
        var exitStatus: ProcessExitStatus?
    }

    /// Picks a free loopback port (unless `port` is given), starts `spec.command` in its own process group, and
    /// returns once `127.0.0.1:port` accepts TCP.
    ///
    /// - Throws: `LaunchError` with the server's last output when it exits first or the readiness timeout passes;
    ///   the process group is killed before the error is thrown.
    public static func launch(_ spec: LaunchSpec, port: Int? = nil) async throws(LaunchError) -> TargetProcess {
        let chosenPort: Int
        if let port {
            chosenPort = port
        } else {
            switch LoopbackPort.free() {
            case .success(let free): chosenPort = free
            case .failure(let error): throw .noFreePort(errno: error.code, command: spec.command)
            }
        }
        let process = try TargetProcess(spec: spec, port: chosenPort)
        try await process.waitUntilReady(timeout: spec.readinessTimeout)
        return process
    }

    private init(spec: LaunchSpec, port: Int) throws(LaunchError) {
        self.port = port
        self.commandLine = spec.commandLine(port: port)
        self.state = NIOLockedValueBox(State(log: ProcessLog(limit: spec.logLimit)))
        var environment = ProcessInfo.processInfo.environment
        environment.merge(spec.environment) { _, new in new }
        let spawned = ProcessSpawner.spawn(
            shellCommand: self.commandLine, environment: environment, workingDirectory: spec.workingDirectory)
        guard case .success(let child) = spawned else {
            if case .failure(let error) = spawned { throw .spawnFailed(errno: error.code, command: self.commandLine) }
            throw .spawnFailed(errno: 0, command: self.commandLine)
        }
        self.pid = child.pid
        self.startWatching(outputDescriptor: child.outputDescriptor)
    }

    deinit {
        // A server must never outlive the run that started it.
        if self.exitStatus == nil { kill(-self.pid, SIGKILL) }
    }

    /// How the process ended; nil while it runs.
    public var exitStatus: ProcessExitStatus? {
        self.state.withLockedValue { $0.exitStatus }
    }

    /// The newest output kept (stdout and stderr interleaved as written).
    public func log() -> String {
        self.state.withLockedValue { $0.log.text }
    }

    /// Starts a new excerpt: `logSinceMark()` returns only what is printed from now on.
    public func markLog() {
        self.state.withLockedValue { $0.log.setMark() }
    }

    /// What the server printed since the last `markLog()`, the excerpt a finding quotes.
    public func logSinceMark() -> String {
        self.state.withLockedValue { $0.log.textSinceMark }
    }

    /// Kills the whole process group with `SIGKILL` and waits (at most five seconds) until it is reaped. Idempotent.
    public func stop() async {
        guard self.exitStatus == nil else { return }
        kill(-self.pid, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while self.exitStatus == nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until the exit status is known, at most `timeout`; for callers that expect the server to die.
    public func waitForExit(timeout: Duration) async -> ProcessExitStatus? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = self.exitStatus { return status }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return self.exitStatus
    }

    private func waitUntilReady(timeout: Duration) async throws(LaunchError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = self.exitStatus {
                throw .exitedBeforeReady(status, command: self.commandLine, log: self.log())
            }
            if LoopbackPort.accepts(self.port) { return }
            guard ContinuousClock.now < deadline else {
                await self.stop()
                throw .notReady(after: timeout, command: self.commandLine, log: self.log())
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Two threads per process: one drains the output pipe (so the server never blocks on a full pipe), one blocks
    /// in `waitpid` so the exit is seen the moment it happens, not at the next poll.
    private func startWatching(outputDescriptor: Int32) {
        let state = self.state
        let pid = self.pid
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(outputDescriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    state.withLockedValue { $0.log.append(buffer[0..<count]) }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(outputDescriptor)
        }
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else {
                    state.withLockedValue { $0.exitStatus = .exited(-1) }
                    return
                }
            }
            // The shell may have left children behind in the group; the server is over, so are they.
            kill(-pid, SIGKILL)
            let exit = Self.decode(waitStatus: status)
            state.withLockedValue { $0.exitStatus = exit }
        }
    }

    /// `WIFEXITED`/`WIFSIGNALED` are macros Swift cannot import; this is their arithmetic.
    private static func decode(waitStatus status: Int32) -> ProcessExitStatus {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }
}
