import Dispatch
import Foundation

/// Turns the first Ctrl-C into "stop starting cases and write what we have", and the second into "quit now", so an
/// interrupted run still leaves a readable partial report.
struct InterruptHandler {
    func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let task = Task { await body() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Console.error(
                "\nInterrupted: finishing the cases in flight and writing a partial report (Ctrl-C again to quit).")
            source.cancel()
            signal(SIGINT, SIG_DFL)
            task.cancel()
        }
        source.resume()
        let value = await task.value
        source.cancel()
        signal(SIGINT, SIG_DFL)
        return value
    }
}
