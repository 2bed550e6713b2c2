/// Shrinks a failing input by delta debugging (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing
/// Input", 2002): first over its writes (frames), then over each frame's payload, then over the flattened bytes,
/// keeping each cut only while the same oracle still fires with the same signature. Every test is a real run, so
/// the count is bounded.
public struct Minimizer: Sendable {
    /// The most test runs one minimization may spend.
    public var budget: Int

    public init(budget: Int = 128) {
        self.budget = budget
    }

    /// The smallest input found that still `reproduces`, and how many runs it took.
    /// It runs on the caller's actor (`isolation`), so `reproduces` may use the caller's state.
    public func minimize(
        _ input: FuzzInput, isolation: isolated (any Actor)? = #isolation, reproduces: (FuzzInput) async -> Bool
    ) async -> (input: FuzzInput, runs: Int) {
        var remaining = self.budget
        var best = input
        let actions = await Self.ddmin(input.actions, budget: &remaining) { actions in
            var candidate = input
            candidate.actions = actions
            return await reproduces(candidate)
        }
        best.actions = actions
        // Then each frame's payload, re-encoded under its own mask: cutting masked bytes on the wire would shift
        // the mask and turn any payload into noise, so only this keeps a JSON message a JSON message.
        for index in best.actions.indices where remaining > 0 {
            guard case .frame(let frame, let chop, let pause) = best.actions[index], frame.payload.count > 1 else {
                continue
            }
            let context = best
            let payload = await Self.ddmin(frame.payload, budget: &remaining) { payload in
                var candidate = context
                var smaller = frame
                smaller.payload = payload
                if frame.declaredLength == UInt64(frame.payload.count) { smaller.declaredLength = nil }
                candidate.actions[index] = .frame(smaller, chop: chop, pauseMilliseconds: pause)
                return await reproduces(candidate)
            }
            var smaller = frame
            smaller.payload = payload
            best.actions[index] = .frame(smaller, chop: chop, pauseMilliseconds: pause)
        }
        // Flatten into one write unless timing matters (a chop or pause the defect may depend on).
        let timed = best.actions.contains {
            switch $0 {
            case .frame(_, let chop, let pause), .bytes(_, let chop, let pause): chop != nil || pause != nil
            }
        }
        if !timed, remaining > 0 {
            var flat = best
            flat.actions = [.bytes(best.wireBytes, chop: nil, pauseMilliseconds: nil)]
            var flatReproduces = true
            if flat.actions != best.actions {
                remaining -= 1
                flatReproduces = await reproduces(flat)
            }
            if flatReproduces {
                let bytes = await Self.ddmin(best.wireBytes, budget: &remaining) { bytes in
                    var candidate = flat
                    candidate.actions = [.bytes(bytes, chop: nil, pauseMilliseconds: nil)]
                    return await reproduces(candidate)
                }
                if bytes.count < best.wireBytes.count {
                    flat.actions = [.bytes(bytes, chop: nil, pauseMilliseconds: nil)]
                    best = flat
                }
            }
        }
        best.note = "minimized: " + input.note
        return (best, self.budget - remaining)
    }

    /// ddmin by complements: removes ever smaller chunks while the test still fails (returns true).
    static func ddmin<Element: Sendable>(
        _ items: [Element], budget: inout Int, isolation: isolated (any Actor)? = #isolation,
        _ test: ([Element]) async -> Bool
    ) async -> [Element] {
        var current = items
        var granularity = 2
        while current.count >= 2, budget > 0 {
            let chunk = (current.count + granularity - 1) / granularity
            var reduced = false
            var start = 0
            while start < current.count, budget > 0 {
                let end = min(current.count, start + chunk)
                let complement = Array(current[..<start]) + Array(current[end...])
                if !complement.isEmpty {
                    budget -= 1
                    if await test(complement) {
                        current = complement
                        granularity = max(granularity - 1, 2)
                        reduced = true
                        break
                    }
                }
                start = end
            }
            if !reduced {
                guard granularity < current.count else { break }
                granularity = min(granularity * 2, current.count)
            }
        }
        return current
    }
}
