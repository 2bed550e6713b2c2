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

        func verdict(for line: LineReader.Line, endpoint: ProtocolEndpoint, fixed: ProtocolMessage?) -> String {
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

/// Splits a byte stream into lines without holding more than one bounded line in memory.
struct LineReader {
    /// One input line: its 1-based number and bytes, or a note that it exceeded the limit.
    struct Line {
        let number: Int
        let bytes: [UInt8]
        let tooLong: Bool
    }

    let handle: FileHandle
    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var current: [UInt8] = []
    private var overflow = false
    private var lineNumber = 0
    private var finished = false

    init(handle: FileHandle, maxLineBytes: Int) {
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    /// The next non-blank line, or nil at end of input.
    mutating func next() -> Line? {
        while true {
            if let newline = self.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                self.append(self.buffer[..<newline])
                self.buffer.removeSubrange(...newline)
                if let line = self.take() { return line }
                continue
            }
            self.append(self.buffer[...])
            self.buffer.removeAll(keepingCapacity: true)
            if self.finished { return self.current.isEmpty && !self.overflow ? nil : self.take() }
            let data = self.handle.availableData
            if data.isEmpty { self.finished = true } else { self.buffer.append(contentsOf: data) }
        }
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        guard !self.overflow else { return }
        if self.current.count + bytes.count > self.maxLineBytes {
            self.overflow = true
            self.current.removeAll()
        } else {
            self.current.append(contentsOf: bytes)
        }
    }

    /// Ends the current line; blank lines are counted but not returned.
    private mutating func take() -> Line? {
        self.lineNumber += 1
        defer {
            self.current.removeAll(keepingCapacity: true)
            self.overflow = false
        }
        if self.current.last == UInt8(ascii: "\r") { self.current.removeLast() }
        let blank = self.current.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        if blank && !self.overflow { return nil }
        return Line(number: self.lineNumber, bytes: self.current, tooLong: self.overflow)
    }
}
