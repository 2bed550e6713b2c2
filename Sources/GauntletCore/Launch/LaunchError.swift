/// Why a target server could not be started, with the server's own output so the user sees its complaint.
public struct LaunchError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case noFreePort(errno: Int32)
        case spawnFailed(errno: Int32)
        case exitedBeforeReady(ProcessExitStatus)
        case notReady(Duration)
    }

    private let reason: Reason
    /// The command line that was run, `{port}` filled in.
    public let command: String
    /// The newest part of what the process printed before it failed.
    public let logTail: String

    static func noFreePort(errno: Int32, command: String) -> LaunchError {
        LaunchError(reason: .noFreePort(errno: errno), command: command, logTail: "")
    }

    static func spawnFailed(errno: Int32, command: String) -> LaunchError {
        LaunchError(reason: .spawnFailed(errno: errno), command: command, logTail: "")
    }

    static func exitedBeforeReady(_ status: ProcessExitStatus, command: String, log: String) -> LaunchError {
        LaunchError(reason: .exitedBeforeReady(status), command: command, logTail: Self.tail(of: log))
    }

    static func notReady(after timeout: Duration, command: String, log: String) -> LaunchError {
        LaunchError(reason: .notReady(timeout), command: command, logTail: Self.tail(of: log))
    }

    /// The exit status when the process ended before it accepted a connection.
    public var exitStatus: ProcessExitStatus? {
        if case .exitedBeforeReady(let status) = self.reason { return status }
        return nil
    }

    public var description: String {
        let what: String
        switch self.reason {
        case .noFreePort(let errno): what = "no free loopback port (errno \(errno))"
        case .spawnFailed(let errno): what = "could not start /bin/sh (errno \(errno))"
        case .exitedBeforeReady(let status): what = "the server \(status) before it accepted a connection"
        case .notReady(let timeout): what = "the server did not accept a connection within \(timeout)"
        }
        let log = self.logTail.isEmpty ? "" : "\n--- its output (last lines) ---\n\(self.logTail)"
        return "launching `\(self.command)`: \(what)\(log)"
    }

    private static func tail(of log: String, lines: Int = 20) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
