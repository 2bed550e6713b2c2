import Foundation
import Fuzzing
import Testing
import WebSocketWire

/// The corpus text format: round trips, readable errors, and the checked-in seeds.
@Suite("Corpus format")
struct CorpusFormatTests {
    @Test("Generated inputs survive a write and a read byte for byte")
    func roundTrip() throws {
        let endpoint = try FuzzFixtures.endpoint()
        let generator = InputGenerator(mode: .all, endpoint: endpoint, maxPayload: 1 << 16)
        let corpus = SeedInputs.frames(seed: 1) + SeedInputs.messages(endpoint, seed: 1)
        for iteration in 0..<300 {
            let input = generator.input(seed: 1, iteration: UInt64(iteration), corpus: corpus)
            let text = CorpusFormat.write(input)
            let read = try CorpusFormat.read(text, file: "memory").classified(endpoint: endpoint)
            #expect(read.actions == input.actions, "iteration \(iteration):\n\(text)")
            #expect(read.intent == input.intent)
        }
    }

    @Test("Long runs of one byte are folded, so a megabyte string is one line")
    func runsAreFolded() throws {
        let frame = Frame(
            opcode: .text, maskingKey: MaskingKey(0, 0, 0, 0), payload: Array(repeating: 0x41, count: 1 << 20))
        let input = FuzzInput(
            layer: .messages, intent: .valid, actions: [.frame(frame, chop: nil, pauseMilliseconds: nil)], note: "")
        let text = CorpusFormat.write(input)
        #expect(text.split(separator: "\n").count < 6)
        #expect(try CorpusFormat.read(text, file: "m").wireBytes == input.wireBytes)
    }

    @Test(
        "A mistake is reported with file, line and column",
        arguments: [
            ("layer frames\nframe text fin mask=00000000\n  hex 0g", "f.txt:3:7"),
            ("layer frames\nframe bogus", "f.txt:2:7"),
            ("layer packets", "f.txt:1:7"),
            ("layer frames\n  text \"x\"", "f.txt:2:3"),
            ("layer frames\nframe text chop=0", "f.txt:2:12"),
        ])
    func errorsAreLocated(_ text: String, _ location: String) {
        #expect(throws: CorpusFormatError.self) { try CorpusFormat.read(text, file: "f.txt") }
        do {
            _ = try CorpusFormat.read(text, file: "f.txt")
        } catch {
            #expect(error.description.hasPrefix(location), "\(error)")
        }
    }

    @Test("The checked-in seeds load and are valid traffic and valid messages")
    func checkedInSeeds() throws {
        let frames = try CorpusStore.load(FuzzFixtures.path("corpus/frames"), endpoint: nil)
        #expect(frames.count >= 10)
        for input in frames { #expect(input.intent == .valid, "\(input.note)") }
        let messages = try CorpusStore.load(
            FuzzFixtures.path("corpus/agent-dashboard"), endpoint: try FuzzFixtures.endpoint())
        #expect(messages.count >= 6)
        for input in messages { #expect(input.intent == .valid && input.awaitsReply, "\(input.note)") }
    }
}
