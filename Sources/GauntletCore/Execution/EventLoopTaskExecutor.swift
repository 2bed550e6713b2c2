import NIOCore

/// Runs a task's jobs on one NIO event loop: the loop that owns the case's connections.
///
/// A case mostly waits for its channel. Without a preference, every byte the channel handler delivers resumes the
/// case's task on the cooperative pool (a thread wake-up), and every write hops back to the event loop. With the
/// case running under this executor, the continuation resumed by the handler runs on the same thread right after
/// the handler returns, and writes and timers are scheduled from inside the loop. The price: the case's synchronous
/// work (building, masking, parsing) runs on that loop too and delays its other connections, so the `Runner` uses
/// it only when asked (`runsCasesOnEventLoops`), for many small cases.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
