import WebSocketWire

/// Structure-aware mutations of a conversation of client frames: each one changes one thing RFC 6455 §5 governs
/// (reserved bits, opcode, mask, length encoding, fragmentation, control frames, UTF-8, close payloads, write
/// timing) and leaves the rest intact, so the server gets past its framing code to the part under test.
///
/// Mutations do not label their output valid or invalid; `FuzzInput.classified` does that from the bytes.
public struct FrameMutator: Sendable {
    /// The mutations, named as findings and notes print them.
    public enum Operation: String, Sendable, CaseIterable {
        case reservedBits = "rsv-bits"
        case opcode
        case mask
        case lengthEncoding = "length-encoding"
        case lengthLie = "length-lie"
        case fragment
        case interleaveControl = "interleave-control"
        case controlSize = "control-size"
        case utf8
        case close
        case chop
        case finBit = "fin-bit"
        case dropFrame = "drop-frame"
        case duplicateFrame = "duplicate-frame"
    }

    /// The largest payload a mutation creates (a control frame's oversize, a repeated fragment).
    public var maxPayload: Int

    public init(maxPayload: Int = 1 << 20) {
        self.maxPayload = maxPayload
    }

    /// Applies one random operation to a random frame; returns the new actions and the operation's description.
    public func mutate(
        _ actions: [FuzzInput.Action], using random: inout FuzzRandom
    ) -> (actions: [FuzzInput.Action], note: String) {
        let operation = Operation.allCases[random.index(Operation.allCases.count)]
        return self.apply(operation, to: actions, using: &random)
    }

    /// Applies `operation`; a conversation without frames gets a text frame to work on first.
    public func apply(
        _ operation: Operation, to actions: [FuzzInput.Action], using random: inout FuzzRandom
    ) -> (actions: [FuzzInput.Action], note: String) {
        var actions = actions
        var frameIndices = actions.indices.filter { if case .frame = actions[$0] { true } else { false } }
        if frameIndices.isEmpty {
            actions.append(
                .frame(Self.masked(.text, Array("fuzz".utf8), using: &random), chop: nil, pauseMilliseconds: nil))
            frameIndices = [actions.count - 1]
        }
        let index = frameIndices[random.index(frameIndices.count)]
        guard case .frame(var frame, let chop, let pause) = actions[index] else { return (actions, "no frame") }
        var note = "\(operation.rawValue) on frame \(index + 1)"
        var replacement: [FuzzInput.Action]?
        switch operation {
        case .reservedBits:
            let bits = random.int(1...7)
            (frame.rsv1, frame.rsv2, frame.rsv3) = (bits & 4 != 0, bits & 2 != 0, bits & 1 != 0)
            note += ": rsv=\(String(bits, radix: 2))"
        case .opcode:
            let choices: [UInt8] = [0x0, 0x1, 0x2, 0x3, 0x7, 0x8, 0x9, 0xA, 0xB, 0xF]
            let raw = choices[random.index(choices.count)]
            frame.opcode = Opcode(rawValue: raw) ?? .binary
            note += ": opcode=0x\(String(raw, radix: 16))"
        case .mask:
            if frame.maskingKey != nil && random.chance(50) {
                frame.maskingKey = nil
                note += ": unmasked"
            } else {
                let key = random.chance(30) ? MaskingKey(0, 0, 0, 0) : Self.key(using: &random)
                frame.maskingKey = key
                note += ": key=\(key)"
            }
        case .lengthEncoding:
            frame.lengthEncoding = random.chance(50) ? .sixteenBit : .sixtyFourBit
            note += ": non-minimal \(frame.lengthEncoding)"
        case .lengthLie:
            let lies: [UInt64] = [
                0, 1, 125, 126, 127, 65535, 65536, UInt64(Int32.max), 1 << 32, 1 << 63, UInt64.max,
                UInt64(frame.payload.count) + 1, UInt64(max(0, frame.payload.count - 1)),
            ]
            frame.declaredLength = lies[random.index(lies.count)]
            if random.chance(30) { frame.lengthEncoding = .sixtyFourBit }
            note += ": declares \(frame.declaredLength ?? 0)"
        case .fragment:
            replacement = Self.fragment(frame, pieces: random.int(2...6), using: &random).map {
                .frame($0, chop: chop, pauseMilliseconds: pause)
            }
            note += ": \(replacement?.count ?? 1) fragments"
        case .interleaveControl:
            var pieces = Self.fragment(frame, pieces: random.int(2...4), using: &random)
            let control: Opcode = random.chance(70) ? .ping : .pong
            let at = random.int(1...max(1, pieces.count - 1))
            pieces.insert(Self.masked(control, random.bytes(random.int(0...8)), using: &random), at: at)
            replacement = pieces.map { .frame($0, chop: chop, pauseMilliseconds: pause) }
            note += ": \(control) between fragments"
        case .controlSize:
            let sizes = [0, 1, 124, 125, 126, 127, 65535, 65536]
            let size = min(self.maxPayload, sizes[random.index(sizes.count)])
            let control: Opcode = [.ping, .pong, .close][random.index(3)]
            var payload = random.bytes(size)
            if control == .close && size >= 2 { (payload[0], payload[1]) = (0x03, 0xE8) }
            replacement = [.frame(Self.masked(control, payload, using: &random), chop: chop, pauseMilliseconds: pause)]
            replacement?.insert(actions[index], at: random.chance(50) ? 0 : 1)
            note += ": \(control) of \(size) bytes"
        case .utf8:
            let (mutated, what) = UTF8Corruptor.corrupt(frame, using: &random)
            replacement = mutated.map { .frame($0, chop: chop, pauseMilliseconds: pause) }
            note += ": \(what)"
        case .close:
            let payload = CloseCorruptor.payload(using: &random)
            replacement = [
                actions[index],
                .frame(Self.masked(.close, payload.bytes, using: &random), chop: chop, pauseMilliseconds: pause),
            ]
            note += ": \(payload.note)"
        case .chop:
            // `FuzzInput.classified` bounds the number of writes, so a big frame is not sent an octet at a time.
            let newChop = [1, 2, 3, 7, 64][random.index(5)]
            let newPause = random.chance(20) ? random.int(1...5) : nil
            actions[index] = .frame(frame, chop: newChop, pauseMilliseconds: newPause)
            return (actions, note + ": chop=\(newChop) pause=\(newPause.map { "\($0)ms" } ?? "none")")
        case .finBit:
            frame.fin.toggle()
            note += ": fin=\(frame.fin)"
        case .dropFrame:
            actions.remove(at: index)
            return (actions, note)
        case .duplicateFrame:
            actions.insert(actions[index], at: index)
            return (actions, note)
        }
        if let replacement {
            actions.replaceSubrange(index...index, with: replacement)
        } else {
            actions[index] = .frame(frame, chop: chop, pauseMilliseconds: pause)
        }
        return (actions, note)
    }

    /// A client frame masked with a key from `random`, so the bytes depend only on the seed.
    public static func masked(
        _ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, using random: inout FuzzRandom
    ) -> Frame {
        Frame(fin: fin, opcode: opcode, maskingKey: Self.key(using: &random), payload: payload)
    }

    static func key(using random: inout FuzzRandom) -> MaskingKey {
        MaskingKey(networkOrder: UInt32.random(in: 0...UInt32.max, using: &random))
    }

    /// `frame` split into up to `pieces` fragments at random points (RFC 6455 §5.4): the first keeps the opcode,
    /// the rest are continuations, the last carries FIN. A control frame is returned unchanged.
    static func fragment(_ frame: Frame, pieces: Int, using random: inout FuzzRandom) -> [Frame] {
        guard !frame.opcode.isControl, pieces > 1 else { return [frame] }
        var cuts = Set<Int>()
        if frame.payload.count > 1 {
            for _ in 1..<pieces { cuts.insert(random.int(1...frame.payload.count - 1)) }
        } else {
            cuts = [frame.payload.count]
        }
        var bounds = [0] + cuts.sorted() + [frame.payload.count]
        bounds = bounds.enumerated().filter {
            $0.offset == 0 || $0.element != bounds[$0.offset - 1] || $0.offset == bounds.count - 1
        }.map(\.element)
        var frames: [Frame] = []
        for position in 0..<(bounds.count - 1) {
            var piece = frame
            piece.payload = Array(frame.payload[bounds[position]..<bounds[position + 1]])
            piece.opcode = position == 0 ? frame.opcode : .continuation
            piece.fin = position == bounds.count - 2 ? frame.fin : false
            piece.declaredLength = nil
            piece.maskingKey = frame.maskingKey.map { _ in Self.key(using: &random) }
            frames.append(piece)
        }
        return frames
    }
}
