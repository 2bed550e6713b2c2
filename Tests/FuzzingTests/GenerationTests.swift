import Fuzzing
import MessageSchema
import Testing
import WebSocketWire

/// The PRNG, the mutators and the per-iteration generator: pure code, no sockets.
@Suite("Input generation")
struct GenerationTests {
    @Test("Split streams depend only on the seed and the stream number")
    func splitStreams() {
        let parent = FuzzRandom(seed: 1)
        var a = parent.split(5)
        var b = FuzzRandom(seed: 1).split(5)
        var c = parent.split(6)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test("The same seed and iteration give the same input, whatever was generated before")
    func deterministicInputs() throws {
        let endpoint = try FuzzFixtures.endpoint()
        let generator = InputGenerator(mode: .all, endpoint: endpoint)
        let corpus = SeedInputs.frames(seed: 9) + SeedInputs.messages(endpoint, seed: 9)
        let forward = (0..<200).map { generator.input(seed: 9, iteration: UInt64($0), corpus: corpus) }
        let backward = (0..<200).reversed().map { generator.input(seed: 9, iteration: UInt64($0), corpus: corpus) }
        #expect(forward == backward.reversed())
        #expect(Set(forward.map(\.wireBytes)).count > 150)
    }

    @Test("Seed conversations are valid traffic, and each structural mutation keeps the input readable")
    func seedsAreValid() {
        for seed in SeedInputs.frames(seed: 1) {
            #expect(seed.intent == .valid, "\(seed.note)")
            #expect(!seed.leavesFrameOpen)
        }
    }

    @Test("Frame mutations are labelled by what they produced", arguments: FrameMutator.Operation.allCases)
    func frameMutationsAreClassified(_ operation: FrameMutator.Operation) {
        let mutator = FrameMutator()
        var kinds: Set<FuzzInput.Intent> = []
        for (index, seed) in SeedInputs.frames(seed: 2).enumerated() {
            var random = FuzzRandom(seed: UInt64(index))
            let (actions, note) = mutator.apply(operation, to: seed.actions, using: &random)
            let input = FuzzInput(layer: .frames, intent: .valid, actions: actions, note: note).classified(
                endpoint: nil)
            kinds.insert(input.intent)
            #expect(input.intent == (WireCheck.check(input.wireBytes).isValid ? .valid : .invalidWire))
        }
        switch operation {
        case .reservedBits:
            #expect(kinds == [.invalidWire], "\(operation) always breaks a rule")
        case .fragment, .chop:
            #expect(kinds == [.valid], "\(operation) keeps valid traffic valid")
        default:
            #expect(!kinds.isEmpty)
        }
    }

    @Test("Invalid UTF-8, reserved bits and unmasked frames are caught by the wire check")
    func wireCheck() {
        let unmasked = FrameEncoder.encode(Frame(opcode: .text, payload: Array("hi".utf8)))
        #expect(!WireCheck.check(unmasked).isValid)
        let badText = FrameEncoder.encode(Frame.client(.text, payload: [0xFF], maskingKey: MaskingKey(1, 2, 3, 4)))
        let result = WireCheck.check(badText)
        #expect(!result.isValid && result.onlyInvalidText && result.isComplete)
        let header = Array(
            FrameEncoder.encode(Frame.client(.ping, payload: [1, 2], maskingKey: MaskingKey(0, 0, 0, 0))).prefix(3))
        #expect(!WireCheck.check(header).isComplete)
    }

    @Test("Every message mutation can produce input the protocol rejects", arguments: MessageMutator.Operation.allCases)
    func messageMutationsAreInvalid(_ operation: MessageMutator.Operation) throws {
        let endpoint = try FuzzFixtures.endpoint()
        let mutator = MessageMutator(maxPayload: 1 << 16, tagField: endpoint.endpoint.tagField)
        var invalid = 0
        for (index, message) in endpoint.clientMessages.enumerated() {
            var random = FuzzRandom(seed: UInt64(index) + 100)
            let generator = message.instanceGenerator()
            for _ in 0..<5 {
                let instance = generator.generate(using: &random)
                let output = mutator.apply(operation, to: instance, generator: generator, using: &random)
                let frame = Frame(opcode: output.opcode, maskingKey: MaskingKey(0, 0, 0, 0), payload: output.payload)
                let input = FuzzInput(
                    layer: .messages, intent: .valid, actions: [.frame(frame, chop: nil, pauseMilliseconds: nil)],
                    note: output.note
                ).classified(endpoint: endpoint)
                if input.intent == .invalidApplication { invalid += 1 }
            }
        }
        #expect(invalid > 0, "\(operation) never produced an invalid message")
    }

    @Test("Byte mutations stay within their size bound")
    func byteMutationsAreBounded() {
        let mutator = ByteMutator(maxSize: 64)
        var random = FuzzRandom(seed: 4)
        var bytes: [UInt8] = Array(repeating: 0x41, count: 60)
        for _ in 0..<500 {
            bytes = mutator.mutate(bytes, using: &random).bytes
            #expect(bytes.count <= 64)
        }
    }
}
