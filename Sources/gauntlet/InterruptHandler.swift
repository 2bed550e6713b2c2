import Dispatch
import Foundation

/// Turns the first Ctrl-C into "stop starting cases and write what we have", and the second into "quit now", so an
/// interrupted run still leaves a readable partial report. Quitting kills the servers gauntlet launched first.
///
/// Handlers nest (a config run around each target's run): the outermost one owns the signal disposition, so an
/// outer handler stays armed after an inner one ends.
struct InterruptHandler {
    /// What the first Ctrl-C prints.
    var message = "\nInterrupted: finishing the cases in flight and writing a partial report (Ctrl-C again to quit)."

    func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await body() }
        // Only the outermost handler sets the disposition: SIGINT must not kill the process while a source
        // watches it, and resetting it under a live source would silence that source.
        let outermost = InterruptCount.depth.next() == 1
        if outermost { signal(SIGINT, SIG_IGN) }
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = InterruptCount()
        source.setEventHandler { [message] in
            guard count.next() == 1 else {
                LaunchedProcessGroups.shared.killAllAndExit(ExitStatus.interrupted)
            }
            Console.error(message)
            task.cancel()
        }
        source.resume()
        let value = await task.value
        source.cancel()
        if InterruptCount.depth.previous() == 0 { signal(SIGINT, SIG_DFL) }
        return value
    }
}

/// How many Ctrl-Cs one handler has seen; the signal source's queue and the caller share it.
private final class InterruptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// How many handlers are active, so only the outermost one touches the signal disposition.
    static let depth = InterruptCount()

    func previous() -> Int {
        self.lock.withLock {
            self.value -= 1
            return self.value
        }
    }

    func next() -> Int {
        self.lock.withLock {
            self.value += 1
            return self.value
        }
    }
}
