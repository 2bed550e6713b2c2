/// How to start a target server: the one description shared by `run --config` and `fuzz --launch`, so both start,
/// watch and stop servers the same way.
///
/// The command runs under `/bin/sh -c`, so users write it as they would in a terminal. `{port}` is replaced by the
/// loopback port Gauntlet picked, which keeps parallel runs from fighting over a fixed port.
public struct LaunchSpec: Sendable, Hashable {
    /// A shell command line; every `{port}` becomes the chosen port.
    public var command: String
    /// Added to (and overriding) the environment Gauntlet itself runs with.
    public var environment: [String: String]
    /// Where the command starts; nil keeps Gauntlet's own working directory.
    public var workingDirectory: String?
    /// How long the server may take to accept its first TCP connection.
    public var readinessTimeout: Duration
    /// How many of the newest bytes of combined stdout and stderr are kept, so a chatty server cannot exhaust memory.
    public var logLimit: Int

    public init(
        command: String, environment: [String: String] = [:], workingDirectory: String? = nil,
        readinessTimeout: Duration = .seconds(30), logLimit: Int = 256 * 1024
    ) {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.readinessTimeout = readinessTimeout
        self.logLimit = logLimit
    }

    /// The command line with `{port}` filled in.
    public func commandLine(port: Int) -> String {
        self.command.replacingOccurrences(of: "{port}", with: String(port))
    }
}

/// How a launched process ended, in the words a finding or report needs.
public enum ProcessExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "killed by signal \(signal) (\(Self.signalName(signal)))"
        }
    }

    /// True when the process died on a signal it did not ask for, the usual shape of a crash (SIGSEGV, SIGABRT...).
    public var isSignal: Bool {
        if case .signaled = self { return true }
        return false
    }

    private static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
            9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
