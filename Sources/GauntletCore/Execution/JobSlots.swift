import NIOConcurrencyHelpers

/// A count of cases in flight shared by several runs of the `Runner`.
///
/// A fuzz campaign starts its next generation while the last cases of the previous one are still waiting on the
/// target (a case that leaves a frame open waits out its whole limit); sharing the slots keeps the connections
/// in flight at `--jobs` in total instead of letting the slowest case of each generation idle every other slot.
/// A free slot goes to the run that queued first (lowest ticket), so an earlier run's cases all start before a
/// later run's and the earlier run finishes as soon as it can.
public final class JobSlots: Sendable {
    private struct Waiter {
        var ticket: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var free: Int
        var nextTicket: UInt64 = 0
        var waiters: [Waiter] = []
    }

    private let state: NIOLockedValueBox<State>

    public init(_ count: Int) {
        self.state = NIOLockedValueBox(State(free: max(1, count)))
    }

    /// A place in the queue for one run; runs ticketed earlier get slots first.
    func ticket() -> UInt64 {
        self.state.withLockedValue { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
    }

    /// Waits for a free slot. There is no cancellation: every holder gives its slot back when its case ends, and
    /// every case ends within its time limit.
    func acquire(ticket: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = self.state.withLockedValue { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiters.append(Waiter(ticket: ticket, continuation: continuation))
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a slot back, to the waiter with the earliest ticket if there is one.
    func release() {
        let next: CheckedContinuation<Void, Never>? = self.state.withLockedValue { state in
            guard let first = state.waiters.indices.min(by: { state.waiters[$0].ticket < state.waiters[$1].ticket })
            else {
                state.free += 1
                return nil
            }
            return state.waiters.remove(at: first).continuation
        }
        next?.resume()
    }
}
