import Yams

/// Turns YAML into a `JSONValue` plus the position of every value, keeping key order.
/// We map Yams' node tree ourselves because its decoders drop order and positions, and because scalars must resolve
/// by YAML 1.2's JSON schema (so `on`, `no` and `yes` stay strings, as AsyncAPI authors expect).
struct YAMLConverter {
    /// Bounds the tree a small file can expand to through aliases ("billion laughs").
    static let maxValues = 1_000_000
    static let maxDepth = 256

    let path: String
    var positions: [String: SourcePosition] = [:]
    var valueCount = 0

    static func convert(
        _ text: String, path: String
    ) throws(ProtocolLoadError) -> (value: JSONValue, positions: [String: SourcePosition]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.loadError(error, path: path)
        } catch {
            throw ProtocolLoadError(file: path, position: nil, message: "cannot parse YAML: \(error)")
        }
        guard let root else {
            throw ProtocolLoadError(
                file: path, position: SourcePosition(line: 1, column: 1), message: "document is empty")
        }
        var converter = YAMLConverter(path: path)
        var pointer: [String] = []
        let value = try converter.convert(root, pointer: &pointer)
        return (value, converter.positions)
    }

    mutating func convert(_ node: Node, pointer: inout [String]) throws(ProtocolLoadError) -> JSONValue {
        self.valueCount += 1
        let position = node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
        guard self.valueCount <= Self.maxValues else {
            throw ProtocolLoadError(
                file: self.path, position: position, message: "document expands to more than \(Self.maxValues) values")
        }
        guard pointer.count <= Self.maxDepth else {
            throw ProtocolLoadError(
                file: self.path, position: position, message: "nesting deeper than \(Self.maxDepth) levels")
        }
        let key = JSONPointer(tokens: pointer).description
        if let position, self.positions[key] == nil {
            self.positions[key] = position
        }
        switch node {
        case .scalar(let scalar):
            return Self.resolve(scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                pointer.append(String(index))
                elements.append(try self.convert(element, pointer: &pointer))
                pointer.removeLast()
            }
            return .array(elements)
        case .mapping(let mapping):
            var object = JSONObject()
            for (keyNode, valueNode) in mapping {
                let keyPosition = keyNode.mark.map { SourcePosition(line: $0.line, column: $0.column) }
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ProtocolLoadError(
                        file: self.path, position: keyPosition, message: "mapping keys must be plain strings")
                }
                let key = keyScalar.string
                if key == "<<" && keyScalar.style == .plain {
                    throw ProtocolLoadError(
                        file: self.path, position: keyPosition, message: "YAML merge keys (<<) are not supported")
                }
                if object[key] != nil {
                    throw ProtocolLoadError(file: self.path, position: keyPosition, message: "duplicate key '\(key)'")
                }
                pointer.append(key)
                if let keyPosition {
                    // Members are located at their key: that is where an editor should jump for any problem.
                    self.positions[JSONPointer(tokens: pointer).description] = keyPosition
                }
                object[key] = try self.convert(valueNode, pointer: &pointer)
                pointer.removeLast()
            }
            return .object(object)
        case .alias(let alias):
            throw ProtocolLoadError(
                file: self.path, position: alias.mark.map { SourcePosition(line: $0.line, column: $0.column) },
                message: "unresolved YAML alias")
        }
    }

    /// Resolves a scalar by YAML 1.2's core schema; quoted and block scalars are always strings.
    static func resolve(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN": return .string(text)
        default: break
        }
        if let number = Self.number(text) { return number }
        return .string(text)
    }

    /// A decimal integer or float literal, as the JSON parser would read it (keeping big integers exact).
    static func number(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return nil }
        let unsigned = first == UInt8(ascii: "+") ? String(text.dropFirst()) : text
        if let value = try? JSONParser.parse(unsigned), value.isNumber { return value }
        if unsigned.hasPrefix("0x"), let value = Int(unsigned.dropFirst(2), radix: 16) { return .integer(value) }
        if unsigned.hasPrefix("0o"), let value = Int(unsigned.dropFirst(2), radix: 8) { return .integer(value) }
        return nil
    }

    static func loadError(_ error: YamlError, path: String) -> ProtocolLoadError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ProtocolLoadError(
                file: path, position: SourcePosition(line: mark.line, column: mark.column), message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ProtocolLoadError(
                file: path, position: SourcePosition(line: context.mark.line, column: context.mark.column),
                message: "duplicate keys \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, let offset, _, _):
            return ProtocolLoadError(
                file: path, position: nil, message: "\(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return ProtocolLoadError(file: path, position: nil, message: "cannot parse YAML: \(error)")
        }
    }
}
