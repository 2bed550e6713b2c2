#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An errno from a failed system call, so `Result` can carry it.
struct SystemCallError: Error {
    var code: Int32
}

/// `posix_spawn` of `/bin/sh -c COMMAND` in a new process group with stdout and stderr on one pipe.
enum ProcessSpawner {
    struct Child {
        var pid: Int32
        /// The read end of the pipe carrying the child's stdout and stderr.
        var outputDescriptor: Int32
    }

    static func spawn(
        shellCommand: String, environment: [String: String], workingDirectory: String?
    ) -> Result<Child, SystemCallError> {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { return .failure(SystemCallError(code: errno)) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // Other children spawned later must not inherit our pipe, or EOF would never come.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `cd` inside the shell keeps the spawn portable (posix_spawn_file_actions_addchdir is not everywhere).
        let script = workingDirectory.map { "cd \(Self.shellQuoted($0)) && \(shellCommand)" } ?? shellCommand
        let arguments = ["/bin/sh", "-c", script]
        // posix_spawn takes `char *const[]`, NULL-terminated; the strings live until the call returns.
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: Int32 = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        close(writeEnd)
        guard result == 0 else {
            close(readEnd)
            return .failure(SystemCallError(code: result))
        }
        return .success(Child(pid: pid, outputDescriptor: readEnd))
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
