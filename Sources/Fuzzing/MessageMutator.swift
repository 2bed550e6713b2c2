import MessageSchema
import WebSocketWire

/// Invalid instances of a protocol's client messages, each one step outside the schema or outside JSON: wrong
/// types, missing required fields, forbidden extra fields, unknown and missing tags, out-of-range numbers and
/// lengths, huge strings, deep nesting, duplicate keys, broken JSON, bytes that are not UTF-8 and binary frames
/// where text is expected. It starts from a valid instance, so the rest of the message still reaches the code
/// behind the validator.
public struct MessageMutator: Sendable {
    /// The mutations, named as notes print them.
    public enum Operation: String, Sendable, CaseIterable {
        case wrongType = "wrong-type"
        case missingRequired = "missing-required"
        case extraField = "extra-field"
        case unknownTag = "unknown-tag"
        case missingTag = "missing-tag"
        case numberBoundary = "number-boundary"
        case lengthBoundary = "length-boundary"
        case enumOrPattern = "enum-or-pattern"
        case hugeString = "huge-string"
        case deepNesting = "deep-nesting"
        case duplicateKey = "duplicate-key"
        case invalidJSON = "invalid-json"
        case notUTF8 = "not-utf8"
        case binaryFrame = "binary-frame"
    }

    /// What a mutation produced: the frame's opcode and payload, and a note.
    public struct Output: Sendable {
        public var opcode: Opcode
        public var payload: [UInt8]
        public var note: String
    }

    /// The largest payload a mutation builds (huge strings, deep nesting).
    public var maxPayload: Int
    /// The endpoint's tag field (`type`), for the tag mutations.
    public var tagField: String?

    public init(maxPayload: Int = 1 << 20, tagField: String?) {
        self.maxPayload = maxPayload
        self.tagField = tagField
    }

    public func mutate(
        _ instance: JSONValue, generator: InstanceGenerator, using random: inout FuzzRandom
    ) -> Output {
        let operation = Operation.allCases[random.index(Operation.allCases.count)]
        return self.apply(operation, to: instance, generator: generator, using: &random)
    }

    public func apply(
        _ operation: Operation, to instance: JSONValue, generator: InstanceGenerator, using random: inout FuzzRandom
    ) -> Output {
        let paths = JSONPaths.all(in: instance)
        let path = paths.isEmpty ? [] : paths[random.index(paths.count)]
        let at = "/" + path.joined(separator: "/")
        func text(_ value: JSONValue, _ note: String) -> Output {
            Output(
                opcode: .text, payload: JSONWriter.bytes(from: value), note: "\(operation.rawValue) at \(at): \(note)")
        }
        let facts = generator.facts(at: path, in: instance, using: &random)
        switch operation {
        case .wrongType:
            let allowed = facts?.types ?? []
            let others: [(String, JSONValue)] = [
                ("string", "text"), ("integer", .integer(7)), ("number", .number(0.5)), ("boolean", .bool(true)),
                ("null", .null), ("array", .array([])), ("object", .object(JSONObject())),
            ]
            let candidates = others.filter {
                !allowed.contains($0.0) && !(allowed.contains("number") && $0.0 == "integer")
            }
            let (name, value) =
                candidates.isEmpty ? ("null", JSONValue.null) : candidates[random.index(candidates.count)]
            return text(JSONPaths.replacing(instance, at: path, with: value), "a \(name)")
        case .missingRequired:
            let objects = paths.filter { instance.value(atPath: $0)?.objectValue != nil } + [[]]
            let target = objects[random.index(objects.count)]
            let required = generator.facts(at: target, in: instance, using: &random)?.required ?? []
            guard let name = required.isEmpty ? nil : required[random.index(required.count)] else {
                return self.apply(.extraField, to: instance, generator: generator, using: &random)
            }
            return text(JSONPaths.replacing(instance, at: target + [name], with: nil), "without '\(name)'")
        case .extraField:
            let objects = paths.filter { instance.value(atPath: $0)?.objectValue != nil } + [[]]
            let target = objects[random.index(objects.count)]
            return text(
                JSONPaths.replacing(instance, at: target + ["unexpected_field"], with: .integer(1)), "extra field")
        case .unknownTag:
            let field = self.tagField ?? "type"
            return text(JSONPaths.replacing(instance, at: [field], with: .string("no.such.type")), "unknown tag")
        case .missingTag:
            let field = self.tagField ?? "type"
            return text(JSONPaths.replacing(instance, at: [field], with: nil), "no tag")
        case .numberBoundary:
            var values: [JSONValue] = [
                .integer(0), .integer(-1), .integer(Int.max), .integer(Int.min), .bigInteger("18446744073709551616"),
                .number(1e308), .number(-0.0), .number(0.5),
            ]
            if let maximum = facts?.maximum {
                values += [.number(maximum + 1), .integer(Int(clamping: Int64(maximum.clamped)) &+ 1)]
            }
            if let minimum = facts?.minimum {
                values += [.number(minimum - 1), .integer(Int(clamping: Int64(minimum.clamped)) &- 1)]
            }
            let value = values[random.index(values.count)]
            return text(JSONPaths.replacing(instance, at: path, with: value), "\(value)")
        case .lengthBoundary:
            let current = instance.value(atPath: path)
            if let items = current?.arrayValue {
                let count = (facts?.maxItems).map { min($0, 4095) + 1 } ?? 0
                let filled = Array(repeating: items.first ?? .integer(0), count: min(count, 4096))
                return text(JSONPaths.replacing(instance, at: path, with: .array(filled)), "\(filled.count) items")
            }
            var lengths = [0, min(facts?.maxLength ?? 255, self.maxPayload) + 1]
            if let minimum = facts?.minLength, minimum > 0 { lengths.append(minimum - 1) }
            let length = min(lengths[random.index(lengths.count)], self.maxPayload)
            let value = JSONValue.string(String(repeating: "x", count: length))
            return text(JSONPaths.replacing(instance, at: path, with: value), "string of \(length) characters")
        case .enumOrPattern:
            let original = instance.value(atPath: path)?.stringValue ?? ""
            let value = facts?.enumeration != nil ? "not-a-listed-value" : original + " !*"
            return text(JSONPaths.replacing(instance, at: path, with: .string(value)), "'\(value)'")
        case .hugeString:
            let length = min(self.maxPayload, 1 << random.int(16...20))
            return text(
                JSONPaths.replacing(instance, at: path, with: .string(String(repeating: "A", count: length))),
                "string of \(length) characters")
        case .deepNesting:
            let depth = min(self.maxPayload / 2, [64, 512, 4096, 100_000][random.index(4)])
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let marker = "\u{1}nest\u{1}"
            let template = JSONWriter.string(from: JSONPaths.replacing(instance, at: path, with: .string(marker)))
            let payload = template.replacingOccurrences(of: JSONWriter.string(from: .string(marker)), with: nested)
            return Output(
                opcode: .text, payload: Array(payload.utf8), note: "\(operation.rawValue) at \(at): depth \(depth)")
        case .duplicateKey:
            let field = self.tagField ?? "type"
            var body = JSONWriter.bytes(from: instance)
            if body.first == UInt8(ascii: "{") {
                body.insert(contentsOf: Array("\"\(field)\":\"no.such.type\",".utf8), at: 1)
            }
            return Output(opcode: .text, payload: body, note: "\(operation.rawValue): '\(field)' twice")
        case .invalidJSON:
            var body = JSONWriter.bytes(from: instance)
            let breakages: [(String, ([UInt8]) -> [UInt8])] = [
                ("truncated", { Array($0.prefix(max(1, $0.count / 2))) }),
                ("trailing comma", { Array($0.dropLast()) + Array(",}".utf8) }),
                ("single quotes", { $0.map { $0 == UInt8(ascii: "\"") ? UInt8(ascii: "'") : $0 } }),
                ("NaN", { _ in Array("{\"n\":NaN}".utf8) }),
                ("control character in a string", { Array($0.prefix(2)) + [0x01] + Array($0.dropFirst(2)) }),
                ("two values", { $0 + $0 }),
            ]
            let (name, breaking) = breakages[random.index(breakages.count)]
            body = breaking(body)
            return Output(opcode: .text, payload: body, note: "\(operation.rawValue): \(name)")
        case .notUTF8:
            var body = JSONWriter.bytes(from: instance)
            let quotes = body.indices.filter { body[$0] == UInt8(ascii: "\"") }
            let at = quotes.isEmpty ? 0 : quotes[random.index(quotes.count)] + 1
            let bad = UTF8Corruptor.invalid[random.index(UTF8Corruptor.invalid.count)]
            body.insert(contentsOf: bad.bytes, at: min(at, body.count))
            return Output(opcode: .text, payload: body, note: "\(operation.rawValue): \(bad.name) in a string")
        case .binaryFrame:
            return Output(
                opcode: .binary, payload: JSONWriter.bytes(from: instance), note: "the message as a binary frame")
        }
    }
}

extension Double {
    /// The value limited to what `Int64` holds, for boundary arithmetic that must not trap.
    fileprivate var clamped: Double { Swift.max(-9.0e18, Swift.min(9.0e18, self.rounded())) }
}
