/// A JSON value that keeps what the wire said: integers apart from decimals, big integers exactly, and key order.
/// The judge and the fuzzer need this fidelity, which Foundation's `JSONSerialization` loses.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// An integer literal that fits in `Int`.
    case integer(Int)
    /// An integer literal too large for `Int`, kept exactly as canonical decimal text (optional `-`, no leading zeros).
    case bigInteger(String)
    /// A literal with a fraction or an exponent.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The JSON Schema type name of this value ("integer" for integral numbers, as `type` checks need it).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .bigInteger: return "integer"
        case .number(let value): return value.rounded() == value ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// True for every numeric case.
    public var isNumber: Bool {
        switch self {
        case .integer, .bigInteger, .number: return true
        default: return false
        }
    }

    /// True when the value is a number with no fractional part (JSON Schema counts `1.0` as an integer).
    public var isIntegral: Bool {
        switch self {
        case .integer, .bigInteger: return true
        case .number(let value): return value.isFinite && value.rounded() == value
        default: return false
        }
    }

    /// The numeric value as a `Double`; big integers lose precision beyond 2^53.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .bigInteger(let text): return Double(text)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object payload, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array payload, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The member named `key` when this is an object (keys compared by Unicode scalars).
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

extension JSONValue: Equatable {
    /// JSON Schema equality: numbers compare by value (`1 == 1.0`), strings by Unicode scalars,
    /// objects regardless of key order, arrays element by element.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.bigInteger(let a), .bigInteger(let b)): return a == b
        case (.string(let a), .string(let b)): return ScalarKey.sameScalars(a, b)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
        case (.object(let a), .object(let b)): return a.isEqualIgnoringOrder(to: b)
        default:
            guard lhs.isNumber, rhs.isNumber else { return false }
            if case .bigInteger = lhs, case .integer = rhs { return false }
            if case .integer = lhs, case .bigInteger = rhs { return false }
            return lhs.doubleValue == rhs.doubleValue
        }
    }
}

extension JSONValue: Hashable {
    /// Hashes consistently with `==`: integral numbers hash by their value, strings by UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .integer, .bigInteger, .number:
            hasher.combine(1)
            if let value = self.doubleValue { hasher.combine(value) }
        case .string(let value):
            hasher.combine(2)
            for byte in value.utf8 { hasher.combine(byte) }
        case .array(let values):
            hasher.combine(3)
            hasher.combine(values.count)
            for value in values { hasher.combine(value) }
        case .object(let object):
            hasher.combine(4)
            hasher.combine(object.count)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value.
    public var description: String { JSONWriter.string(from: self) }
}
