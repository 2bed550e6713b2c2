import NIOConcurrencyHelpers
import NIOCore

/// What a read from the peer can yield.
enum Inbound: Sendable {
    case bytes(ByteBuffer)
    /// The peer ended TCP: a FIN, or a reset when `reset` is true.
    case closed(reset: Bool)
    case timeout
}

/// Hands bytes from the NIO handler to the case driver, with a deadline on every wait.
///
/// Bytes coalesce into one buffer, so the mailbox never holds more than that buffer and the end-of-stream mark. A
/// deadline is an event-loop timer rather than task cancellation, which would end an async sequence for good.
final class InboundMailbox: Sendable {
    private struct State {
        var pending: ByteBuffer?
        var end: Inbound?
        var waiter: CheckedContinuation<Inbound, Never>?
        var waiterGeneration = 0
        var timer: Scheduled<Void>?
    }

    private let state = NIOLockedValueBox(State())
    /// The most bytes held unread before the peer counts as flooding.
    let byteLimit: Int

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// Called by the channel handler; returns false when the peer sent more than `byteLimit` unread bytes.
    func deliver(_ buffer: ByteBuffer) -> Bool {
        var overflow = false
        let resume: (CheckedContinuation<Inbound, Never>, Inbound)? = self.state.withLockedValue { state in
            if let waiter = state.waiter {
                state.waiter = nil
                state.timer?.cancel()
                state.timer = nil
                return (waiter, .bytes(buffer))
            }
            var incoming = buffer
            if state.pending == nil {
                state.pending = incoming
            } else {
                state.pending?.writeBuffer(&incoming)
            }
            overflow = (state.pending?.readableBytes ?? 0) > self.byteLimit
            return nil
        }
        resume.map { $0.0.resume(returning: $0.1) }
        return !overflow
    }

    /// Called by the channel handler when TCP ends.
    func finish(reset: Bool) {
        let resume: CheckedContinuation<Inbound, Never>? = self.state.withLockedValue { state in
            guard state.end == nil else { return nil }
            state.end = .closed(reset: reset)
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.timer?.cancel()
            state.timer = nil
            return waiter
        }
        resume?.resume(returning: .closed(reset: reset))
    }

    /// The next bytes, the end of the stream, or `.timeout` at `deadline`. One caller at a time.
    func next(deadline: NIODeadline, on eventLoop: any EventLoop) async -> Inbound {
        await withCheckedContinuation { (continuation: CheckedContinuation<Inbound, Never>) in
            let ready: Inbound? = self.state.withLockedValue { state in
                if let pending = state.pending {
                    state.pending = nil
                    return .bytes(pending)
                }
                if let end = state.end { return end }
                if deadline <= .now() { return .timeout }
                state.waiterGeneration += 1
                let generation = state.waiterGeneration
                state.waiter = continuation
                state.timer = eventLoop.scheduleTask(deadline: deadline) { [self] in
                    self.expire(generation: generation)
                }
                return nil
            }
            ready.map { continuation.resume(returning: $0) }
        }
    }

    private func expire(generation: Int) {
        let waiter: CheckedContinuation<Inbound, Never>? = self.state.withLockedValue { state in
            guard state.waiterGeneration == generation, let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.timer = nil
            return waiter
        }
        waiter?.resume(returning: .timeout)
    }
}
