import ArgumentParser
import Foundation
import MessageSchema

extension Gauntlet.Schema {
    /// Validates captured traffic (JSON Lines on stdin) against a protocol, one verdict per message, so a team can
    /// check a log from production or a test run without a live target.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate JSON Lines from stdin against a protocol definition, one verdict per message.",
            discussion: """
                Each non-empty line is one message. Without --message or --direction, a message may be one either \
                side sends. Exit codes: 0 all valid, 1 some message invalid or unknown, 2 the definition has errors.
                """
        )

        @OptionGroup var options: SchemaFileOptions

        @Option(name: .long, help: "Validate every line against this one message (name or tag).")
        var message: String?

        @Option(name: .long, help: "Who sent the lines: server or client.")
        var direction: MessageDirection?

        @Option(name: .long, help: "The longest line accepted, in bytes.")
        var maxLineBytes = 1 << 20

        func validate() throws {
            if self.message != nil && self.direction != nil {
                throw ArgumentParser.ValidationError("use --message or --direction, not both")
            }
            guard self.maxLineBytes > 0 else {
                throw ArgumentParser.ValidationError("--max-line-bytes must be positive")
            }
        }

        func run() throws {
            let loaded = try self.options.load()
            let endpoint = try self.options.endpoint(of: loaded.value)
            var fixed: ProtocolMessage?
            if let name = self.message {
                guard let found = endpoint.message(named: name) else {
                    let known = endpoint.messages.map(\.name).joined(separator: ", ")
                    throw ArgumentParser.ValidationError("no message '\(name)'; the endpoint defines \(known)")
                }
                fixed = found
            }
            var reader = LineReader(handle: FileHandle.standardInput, maxLineBytes: self.maxLineBytes)
            var failures = 0
            var total = 0
            while let line = reader.next() {
                total += 1
                let verdict = self.verdict(for: line, endpoint: endpoint, fixed: fixed)
                if !verdict.hasPrefix("valid") { failures += 1 }
                print("line \(line.number): \(verdict)")
            }
            FileHandle.standardError.write(Data("\(total - failures) of \(total) messages valid\n".utf8))
            if failures > 0 { throw ExitCode(ExitStatus.failed) }
        }

        func verdict(for line: LineSplitter.Line, endpoint: ProtocolEndpoint, fixed: ProtocolMessage?) -> String {
            guard !line.tooLong else { return "too long: more than \(self.maxLineBytes) bytes" }
            let value: JSONValue
            do {
                value = try JSONParser().parse(line.bytes)
            } catch {
                return "not JSON: \(error.line):\(error.column): \(error.message)"
            }
            let classification: MessageClassification
            if let fixed {
                classification = MessageClassification(
                    message: fixed, tag: fixed.tag, errors: fixed.validator.validate(value).errors)
            } else {
                classification = endpoint.classify(value, direction: self.direction ?? .both)
            }
            let errors = classification.errors.map(\.description).joined(separator: "; ")
            guard let message = classification.message else { return "unknown: \(errors)" }
            let name = "\(message.name) (\(message.direction))"
            return classification.errors.isEmpty ? "valid \(name)" : "invalid \(name): \(errors)"
        }
    }
}

extension MessageDirection: ExpressibleByArgument {}

/// Reads lines from a file handle through `LineSplitter`, one bounded line at a time.
struct LineReader {
    let handle: FileHandle
    private var splitter: LineSplitter
    private var ready: [LineSplitter.Line] = []
    private var finished = false

    init(handle: FileHandle, maxLineBytes: Int) {
        self.handle = handle
        self.splitter = LineSplitter(maxLineBytes: maxLineBytes)
    }

    /// The next non-blank line, or nil at end of input.
    mutating func next() -> LineSplitter.Line? {
        while self.ready.isEmpty {
            if self.finished { return nil }
            let data = self.handle.availableData
            if data.isEmpty {
                self.finished = true
                if let last = self.splitter.finish() { self.ready.append(last) }
            } else {
                self.ready = self.splitter.feed(data)
            }
        }
        return self.ready.removeFirst()
    }
}
