import MessageSchema
import NIOConcurrencyHelpers

/// The dashboards connected to one server and their topics, so an event raised on one connection reaches every
/// subscribed one (the protocol's broadcast). Connections live on different event loops, hence the lock.
final class DashboardHub: Sendable {
    /// Delivers one encoded text message to a connection, on that connection's event loop.
    typealias Deliver = @Sendable ([UInt8]) -> Void

    private struct Member {
        var topics: Set<String> = []
        /// When the topics last changed, so "the last subscriber" is the one that subscribed last.
        var subscribedAt = 0
        let deliver: Deliver
    }

    /// One published event, kept for clients that resume with `resume_from`.
    private struct LoggedEvent {
        let sequence: Int
        let topics: Set<String>
        let bytes: [UInt8]
    }

    /// How many past events are kept for resuming; older ones are lost, as a real server's buffer would lose them.
    static let logLimit = 256

    private struct State {
        var nextID = 0
        var nextEvent = 0
        var nextChange = 0
        var log: [LoggedEvent] = []
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
        self.state.withLockedValue { state in
            let topics = Set(topics)
            guard let member = state.members[id], member.topics != topics else { return }
            state.nextChange += 1
            state.members[id]?.topics = topics
            state.members[id]?.subscribedAt = state.nextChange
        }
    }

    func leave(_ id: Int) {
        self.state.withLockedValue { _ = $0.members.removeValue(forKey: id) }
    }

    /// Numbers `message` (its `id` becomes the event's sequence number, the `resume_from` clients pass back) and
    /// sends it once to every connection subscribed to any of `topics`.
    func publish(_ message: JSONValue, topics: Set<String>) {
        let everyone = self.faults.contains(.broadcastToUnsubscribed)
        var (bytes, recipients) = self.state.withLockedValue { state in
            state.nextEvent += 1
            var numbered = message.objectValue ?? JSONObject()
            numbered["id"] = .string(String(state.nextEvent))
            let bytes = JSONWriter.bytes(from: .object(numbered))
            state.log.append(LoggedEvent(sequence: state.nextEvent, topics: topics, bytes: bytes))
            if state.log.count > Self.logLimit { state.log.removeFirst(state.log.count - Self.logLimit) }
            let recipients = state.members.values.sorted { $0.subscribedAt < $1.subscribedAt }
                .filter { everyone || !$0.topics.isDisjoint(with: topics) }
                .map(\.deliver)
            return (bytes, recipients)
        }
        if self.faults.contains(.broadcastSkipsClient), recipients.count > 1 {
            recipients.removeLast()
        }
        for deliver in recipients {
            deliver(bytes)
        }
    }

    /// The logged events after sequence number `after` on any of `topics`, oldest first.
    func replay(after: Int, topics: [String]) -> [[UInt8]] {
        let wanted = Set(topics)
        return self.state.withLockedValue { state in
            state.log.filter { $0.sequence > after && !$0.topics.isDisjoint(with: wanted) }.map(\.bytes)
        }
    }
}
