import NIOCore
import NIOPosix

/// The event loops that run cases themselves (`Runner.runsCasesOnEventLoops`), apart from NIO's shared singleton.
///
/// A case on an event loop does its synchronous work (building, masking, parsing messages) on that loop's thread.
/// A server in the same process (`gauntlet demo`, the reference server in the tests) listens on the singleton's
/// loops; keeping the cases off them means a case's work never holds up that server's answers, which would look
/// like the server's own slowness (a hang, a failed prelude). Like the singleton, the group lives as long as the
/// process.
enum CaseEventLoops {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
}
