import NIOConcurrencyHelpers

/// The dashboards connected to one server and their topics, so an event raised on one connection reaches every
/// subscribed one (the protocol's broadcast). Connections live on different event loops, hence the lock.
final class DashboardHub: Sendable {
    /// Delivers one encoded text message to a connection, on that connection's event loop.
    typealias Deliver = @Sendable ([UInt8]) -> Void

    private struct Member {
        var topics: Set<String> = []
        let deliver: Deliver
    }

    private struct State {
        var nextID = 0
        /// Keyed by join order, so "the last subscriber" is well defined for `.broadcastSkipsClient`.
        var members: [Int: Member] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let faults: Set<ServerFault>

    init(faults: Set<ServerFault>) {
        self.faults = faults
    }

    /// Adds a connection and returns its id for `update` and `leave`.
    func join(_ deliver: @escaping Deliver) -> Int {
        self.state.withLockedValue { state in
            state.nextID += 1
            state.members[state.nextID] = Member(deliver: deliver)
            return state.nextID
        }
    }

    func update(_ id: Int, topics: [String]) {
        self.state.withLockedValue { $0.members[id]?.topics = Set(topics) }
    }

    func leave(_ id: Int) {
        self.state.withLockedValue { _ = $0.members.removeValue(forKey: id) }
    }

    /// Sends `message` once to every connection subscribed to any of `topics`.
    func publish(_ message: [UInt8], topics: Set<String>) {
        let everyone = self.faults.contains(.broadcastToUnsubscribed)
        var recipients = self.state.withLockedValue { state in
            state.members.sorted { $0.key < $1.key }
                .filter { everyone || !$0.value.topics.isDisjoint(with: topics) }
                .map(\.value.deliver)
        }
        if self.faults.contains(.broadcastSkipsClient), recipients.count > 1 {
            recipients.removeLast()
        }
        for deliver in recipients {
            deliver(message)
        }
    }
}
