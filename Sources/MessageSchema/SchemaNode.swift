/// One compiled schema object: its keywords in evaluation order, with every reference already resolved to a
/// node index. Compiling once into this flat, cyclic-safe graph is what keeps validation free of re-parsing.
struct SchemaNode: Sendable {
    /// For boolean schemas: the fixed verdict. Nil for object schemas.
    var constant: Bool?
    /// Keywords in the order they must run; `unevaluated*` always come last.
    var keywords: [SchemaKeyword]
    /// The absolute URI of this schema (base URI plus JSON Pointer fragment), for absolute keyword locations.
    var absoluteLocation: String
    /// When this node is the root of a schema resource: its index in `SchemaGraph.resources` (dynamic scope).
    var resource: Int?
    /// The `format` keyword's value even when it only annotates, so `InstanceGenerator` can produce a value of the
    /// named format (a date-time, an email) without making validation assert it.
    var format: String?

    init(constant: Bool? = nil, keywords: [SchemaKeyword] = [], absoluteLocation: String, resource: Int? = nil) {
        self.constant = constant
        self.keywords = keywords
        self.absoluteLocation = absoluteLocation
        self.resource = resource
    }
}

/// A compiled keyword: its name (the step of the keyword location) and what it checks.
struct SchemaKeyword: Sendable {
    let name: String
    let check: SchemaCheck
}

/// What a compiled keyword does. Child schemas are node indices into the same `SchemaGraph`.
enum SchemaCheck: Sendable {
    case type(JSONTypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(Double)
    case maximum(Double, exclusive: Bool)
    case minimum(Double, exclusive: Bool)
    case maxLength(Int)
    case minLength(Int)
    case pattern(SchemaRegex)
    case format(String, assert: Bool)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(property: String, required: [String])])
    case ref(Int)
    case dynamicRef(Int, anchor: String)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(condition: Int, then: Int?, otherwise: Int?)
    case properties(PropertyTable)
    case patternProperties([(regex: SchemaRegex, node: Int)])
    case additionalProperties(Int, declared: PropertyTable, patterns: [SchemaRegex])
    case propertyNames(Int)
    case dependentSchemas([(property: String, node: Int)])
    case prefixItems([Int])
    /// `items` (2020-12) or `additionalItems` (draft-07): applies to elements from `from` on.
    case items(Int, from: Int)
    case contains(Int, min: Int, max: Int?)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
    case discriminator(SchemaDiscriminator)
}

/// The JSON Schema primitive types a `type` keyword allows, as a small bit set.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let integer = JSONTypeSet(rawValue: 1 << 2)
    static let number = JSONTypeSet(rawValue: 1 << 3)
    static let string = JSONTypeSet(rawValue: 1 << 4)
    static let array = JSONTypeSet(rawValue: 1 << 5)
    static let object = JSONTypeSet(rawValue: 1 << 6)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The set for one type name; nil for names JSON Schema does not define.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "integer": self = .integer
        case "number": self = .number
        case "string": self = .string
        case "array": self = .array
        case "object": self = .object
        default: return nil
        }
    }

    /// True when `value` is of one of the types (`number` admits integers; `integer` admits `1.0`).
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return self.contains(.null)
        case .bool: return self.contains(.boolean)
        case .integer, .bigInteger: return self.contains(.integer) || self.contains(.number)
        case .number: return self.contains(.number) || (self.contains(.integer) && value.isIntegral)
        case .string: return self.contains(.string)
        case .array: return self.contains(.array)
        case .object: return self.contains(.object)
        }
    }

    /// The type names, for messages.
    var names: [String] {
        let all: [(JSONTypeSet, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"), (.string, "string"),
            (.array, "array"), (.object, "object"),
        ]
        return all.filter { self.contains($0.0) }.map(\.1)
    }
}

/// The compiled graph: every node, the schema resources (for `$dynamicRef`), and the entry node.
struct SchemaGraph: Sendable {
    var nodes: [SchemaNode]
    /// Per resource: its dynamic anchors by name, each a node index.
    var resources: [[String: Int]]
    var root: Int
    /// True when some node uses `unevaluatedProperties`/`unevaluatedItems`, so annotations must be collected.
    var tracksAnnotations: Bool
}
