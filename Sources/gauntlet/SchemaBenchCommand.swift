import ArgumentParser
import Foundation
import MessageSchema

extension Gauntlet.Schema {
    /// Measures single-threaded validation throughput on real messages, so the benchmark script can compare it
    /// with Python's `jsonschema` on the same schema and messages (benchmarks/schema-validation.sh).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure validations per second of JSON Lines messages on one thread (use a release build).",
            shouldDisplay: false
        )

        @OptionGroup var options: SchemaFileOptions

        @Option(name: .long, help: "A JSON Lines file of messages to validate, all expected to be valid.")
        var messages: String

        @Option(name: .long, help: "How long to measure each mode, in seconds.")
        var seconds = 2.0

        func validate() throws {
            guard self.seconds > 0 && self.seconds <= 600 else {
                throw ArgumentParser.ValidationError("--seconds must be in (0, 600]")
            }
        }

        func run() throws {
            let loaded = try self.options.load()
            let endpoint = try self.options.endpoint(of: loaded.value)
            guard let handle = FileHandle(forReadingAtPath: self.messages) else {
                throw ArgumentParser.ValidationError("cannot open \(self.messages)")
            }
            var reader = LineReader(handle: handle, maxLineBytes: 1 << 20)
            var samples: [(JSONValue, ProtocolMessage)] = []
            while let line = reader.next() {
                let value: JSONValue
                do {
                    value = try JSONParser().parse(line.bytes)
                } catch {
                    throw ArgumentParser.ValidationError("\(self.messages):\(line.number): \(error)")
                }
                let classification = endpoint.classify(value, direction: .both)
                guard let message = classification.message, classification.errors.isEmpty else {
                    let why = classification.errors.map(\.description).joined(separator: "; ")
                    throw ArgumentParser.ValidationError("\(self.messages):\(line.number): not a valid message: \(why)")
                }
                samples.append((value, message))
            }
            guard !samples.isEmpty else { throw ArgumentParser.ValidationError("\(self.messages) has no messages") }
            let fast = self.measure(samples.count) { index in samples[index].1.validator.isValid(samples[index].0) }
            print("swift_isvalid_per_second=\(Int(fast))")
            let full = self.measure(samples.count) { index in
                endpoint.classify(samples[index].0, direction: .both).isValid
            }
            print("swift_classify_validate_per_second=\(Int(full))")
        }

        /// Runs `body` over the samples round-robin for `seconds` and returns validations per second.
        func measure(_ count: Int, _ body: (Int) -> Bool) -> Double {
            let clock = ContinuousClock()
            let limit = Duration.milliseconds(Int64(self.seconds * 1000))
            let start = clock.now
            var done = 0
            var valid = 0
            while clock.now - start < limit {
                for index in 0..<count where body(index) {
                    valid += 1
                }
                done += count
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if valid != done { print("warning: \(done - valid) of \(done) validations failed") }
            return Double(done) / seconds
        }
    }
}
