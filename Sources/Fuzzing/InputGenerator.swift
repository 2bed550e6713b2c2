import MessageSchema
import WebSocketWire

/// Makes the input of iteration `n`: from `FuzzRandom(seed).split(n)` and the corpus as it stood when the
/// iteration's generation began, and nothing else, so a seed replays the same inputs whatever `--jobs` is.
///
/// Frames: a corpus conversation, one to three structure-aware mutations, sometimes byte mutations on top.
/// Messages: a valid instance of a client message (a third of the time), an invalid one (most of the time), or a
/// corpus message mutated at the frame or byte level.
public struct InputGenerator: Sendable {
    /// Which generators run.
    public enum Mode: String, Sendable, CaseIterable {
        case frames
        case messages
        case all
    }

    public var mode: Mode
    public var endpoint: EndpointCheck?
    public var frameMutator: FrameMutator
    public var byteMutator: ByteMutator
    public var messageMutator: MessageMutator
    private let generators: [InstanceGenerator]

    public init(mode: Mode, endpoint: EndpointCheck?, maxPayload: Int = 1 << 20) {
        self.mode = mode
        self.endpoint = endpoint
        self.frameMutator = FrameMutator(maxPayload: maxPayload)
        self.byteMutator = ByteMutator(maxSize: maxPayload + 64)
        self.messageMutator = MessageMutator(maxPayload: maxPayload, tagField: endpoint?.endpoint.tagField)
        self.generators = endpoint?.clientMessages.map { $0.instanceGenerator() } ?? []
    }

    /// Whether message-level inputs can be made (there is a protocol with client messages).
    public var hasMessages: Bool { !self.generators.isEmpty }

    public func input(seed: UInt64, iteration: UInt64, corpus: [FuzzInput]) -> FuzzInput {
        var random = FuzzRandom(seed: seed).split(iteration)
        let useMessages: Bool
        switch self.mode {
        case .frames: useMessages = false
        case .messages: useMessages = self.hasMessages
        case .all: useMessages = self.hasMessages && random.chance(50)
        }
        let input =
            useMessages
            ? self.messageInput(corpus, using: &random) : self.frameInput(corpus, seed: seed, using: &random)
        return input.classified(endpoint: self.endpoint)
    }

    private func frameInput(_ corpus: [FuzzInput], seed: UInt64, using random: inout FuzzRandom) -> FuzzInput {
        var pool = corpus.filter { $0.layer == .frames }
        if pool.isEmpty { pool = SeedInputs.frames(seed: seed) }
        let base = pool[random.index(pool.count)]
        return self.mutateFrames(base, layer: .frames, using: &random)
    }

    private func mutateFrames(_ base: FuzzInput, layer: FuzzInput.Layer, using random: inout FuzzRandom) -> FuzzInput {
        var actions = base.actions
        var notes: [String] = []
        for _ in 0..<random.int(1...3) {
            let (mutated, note) = self.frameMutator.mutate(actions, using: &random)
            actions = mutated
            notes.append(note)
        }
        if random.chance(20) {
            let (bytes, note) = self.byteMutator.mutate(actions.flatMap(\.bytes), using: &random)
            actions = [.bytes(bytes, chop: nil, pauseMilliseconds: nil)]
            notes.append(note)
        }
        let note = "\(base.note.isEmpty ? "input" : base.note); " + notes.joined(separator: "; ")
        return FuzzInput(layer: layer, intent: .invalidWire, actions: actions, note: note)
    }

    private func messageInput(_ corpus: [FuzzInput], using random: inout FuzzRandom) -> FuzzInput {
        let roll = random.int(0...99)
        let pool = corpus.filter { $0.layer == .messages }
        if roll >= 85, !pool.isEmpty {
            return self.mutateFrames(pool[random.index(pool.count)], layer: .messages, using: &random)
        }
        let index = random.index(self.generators.count)
        let generator = self.generators[index]
        let name = self.endpoint?.clientMessages[index].name ?? "message"
        let instance = generator.generate(using: &random)
        let key = FrameMutator.key(using: &random)
        if roll < 30 {
            var frame = Frame(opcode: .text, maskingKey: key, payload: JSONWriter.bytes(from: instance))
            var actions: [FuzzInput.Action] = [.frame(frame, chop: nil, pauseMilliseconds: nil)]
            if random.chance(15) {
                actions = FrameMutator.fragment(frame, pieces: random.int(2...4), using: &random).map {
                    .frame($0, chop: nil, pauseMilliseconds: nil)
                }
            } else if random.chance(10) {
                frame.maskingKey = key
                actions = [.frame(frame, chop: random.int(1...16), pauseMilliseconds: nil)]
            }
            return FuzzInput(layer: .messages, intent: .valid, actions: actions, note: "valid \(name)")
        }
        let output = self.messageMutator.mutate(instance, generator: generator, using: &random)
        let frame = Frame(opcode: output.opcode, maskingKey: key, payload: output.payload)
        return FuzzInput(
            layer: .messages, intent: .invalidApplication, actions: [.frame(frame, chop: nil, pauseMilliseconds: nil)],
            note: "\(name): \(output.note)")
    }
}
