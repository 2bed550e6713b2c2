import Dispatch
import Foundation

/// The process groups of the servers this gauntlet launched, so a hard stop (a second Ctrl-C, CI's SIGTERM) kills
/// them before gauntlet exits instead of leaving them holding ports on the machine.
///
/// A class because it is the one registry of the process; a lock guards it since signal handlers run on
/// Dispatch's queues while targets start and stop on the async executor.
final class LaunchedProcessGroups: @unchecked Sendable {
    static let shared = LaunchedProcessGroups()

    private let lock = NSLock()
    /// Held by the one thread that exits, so nested handlers firing together exit once.
    private let exitLock = NSLock()
    private var groups: Set<Int32> = []
    private var termination: (any DispatchSourceSignal)?

    func register(_ pid: Int32) {
        self.lock.withLock { _ = self.groups.insert(pid) }
    }

    func unregister(_ pid: Int32) {
        self.lock.withLock { _ = self.groups.remove(pid) }
    }

    /// SIGKILL to every registered group; each launched server leads its own group, so its children die too.
    func killAll() {
        let groups = self.lock.withLock { self.groups }
        for group in groups where group > 0 {
            kill(-group, SIGKILL)
        }
    }

    /// Kills the groups and exits with `status`: what a second Ctrl-C or a SIGTERM does.
    func killAllAndExit(_ status: Int32) -> Never {
        self.exitLock.lock()
        self.killAll()
        exit(status)
    }

    /// On SIGTERM (a CI job cancelled), kill the launched servers, then exit with 143 as the signal would.
    func stopOnTermination() {
        self.lock.withLock {
            guard self.termination == nil else { return }
            signal(SIGTERM, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
            source.setEventHandler { LaunchedProcessGroups.shared.killAllAndExit(143) }
            source.resume()
            self.termination = source
        }
    }
}
