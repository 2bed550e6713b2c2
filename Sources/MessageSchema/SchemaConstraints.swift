/// The constraints that apply to one instance position, flattened from a compiled node through `$ref` and `allOf`,
/// so a generator can read "a string of 1 to 64 characters matching this pattern" in one place instead of walking
/// the keyword graph each time it makes a choice.
///
/// Unions (`anyOf`, `oneOf`, a discriminator) are kept as choices: the generator picks a branch and merges it in.
struct SchemaConstraints {
    var types: JSONTypeSet?
    var enumeration: [JSONValue]?
    var constant: JSONValue?
    var minimum: Double?
    var exclusiveMinimum = false
    var maximum: Double?
    var exclusiveMaximum = false
    var multipleOf: Double?
    var minLength = 0
    var maxLength: Int?
    var patterns: [SchemaRegex] = []
    var format: String?
    var minItems = 0
    var maxItems: Int?
    var uniqueItems = false
    var prefixItems: [Int] = []
    var items: Int?
    var properties: [(name: String, node: Int)] = []
    var required: [String] = []
    var minProperties = 0
    var maxProperties: Int?
    /// False when `additionalProperties: false` (or an always-false node) forbids undeclared names.
    var additionalAllowed = true
    /// Groups of alternative branches (`anyOf`/`oneOf`); one branch of each must hold.
    var choices: [[Int]] = []
    var discriminator: SchemaDiscriminator?
    /// A `false` schema was reached: no instance is valid here.
    var impossible = false

    /// Minimum lengths and counts are capped here, so a schema demanding a billion items cannot exhaust memory
    /// (nor overflow the arithmetic on them); such a schema gets an instance that fails to validate instead.
    static let maxCount = 1 << 16

    /// The most `$ref`/`allOf` hops followed, which bounds reference cycles.
    static let maxHops = 32

    /// Merges the constraints of `node` (and what it references) into these.
    mutating func gather(_ node: Int, in graph: SchemaGraph, hops: Int = 0) {
        guard hops < Self.maxHops, graph.nodes.indices.contains(node) else { return }
        let schema = graph.nodes[node]
        if schema.constant == false { self.impossible = true }
        if let format = schema.format, self.format == nil { self.format = format }
        for keyword in schema.keywords {
            self.apply(keyword.check, in: graph, hops: hops)
        }
    }

    private mutating func apply(_ check: SchemaCheck, in graph: SchemaGraph, hops: Int) {
        switch check {
        case .type(let set): self.types = self.types.map { $0.intersection(set) } ?? set
        case .enumeration(let values): self.enumeration = values
        case .constant(let value): self.constant = value
        case .multipleOf(let divisor): self.multipleOf = divisor
        case .maximum(let limit, let exclusive):
            if self.maximum.map({ limit < $0 }) ?? true {
                self.maximum = limit
                self.exclusiveMaximum = exclusive
            }
        case .minimum(let limit, let exclusive):
            if self.minimum.map({ limit > $0 }) ?? true {
                self.minimum = limit
                self.exclusiveMinimum = exclusive
            }
        case .maxLength(let limit): self.maxLength = min(limit, self.maxLength ?? limit)
        case .minLength(let limit): self.minLength = max(min(limit, Self.maxCount), self.minLength)
        case .pattern(let regex): self.patterns.append(regex)
        case .format(let name, _): self.format = self.format ?? name
        case .maxItems(let limit): self.maxItems = min(limit, self.maxItems ?? limit)
        case .minItems(let limit): self.minItems = max(min(limit, Self.maxCount), self.minItems)
        case .uniqueItems: self.uniqueItems = true
        case .maxProperties(let limit): self.maxProperties = min(limit, self.maxProperties ?? limit)
        case .minProperties(let limit): self.minProperties = max(min(limit, Self.maxCount), self.minProperties)
        case .required(let names): self.required += names.filter { !self.required.contains($0) }
        case .ref(let target), .dynamicRef(let target, _): self.gather(target, in: graph, hops: hops + 1)
        case .allOf(let nodes):
            for part in nodes { self.gather(part, in: graph, hops: hops + 1) }
        case .anyOf(let nodes), .oneOf(let nodes): self.choices.append(nodes)
        case .properties(let table):
            for entry in table.entries where !self.properties.contains(where: { $0.name == entry.name }) {
                self.properties.append(entry)
            }
        case .additionalProperties(let node, _, _):
            if graph.nodes.indices.contains(node), graph.nodes[node].constant == false {
                self.additionalAllowed = false
            }
        case .prefixItems(let nodes): self.prefixItems = nodes
        case .items(let node, _): self.items = node
        case .discriminator(let discriminator): self.discriminator = discriminator
        case .dependentRequired, .not, .conditional, .patternProperties, .propertyNames, .dependentSchemas,
            .contains, .unevaluatedProperties, .unevaluatedItems:
            // Rarely used in message schemas; the generator validates its result and retries instead.
            break
        }
    }

    /// The node declared for property `name`, if any.
    func node(forProperty name: String) -> Int? {
        self.properties.first { $0.name == name }?.node
    }

    /// The type to generate when `type` is absent: what the other keywords imply.
    var impliedTypes: JSONTypeSet {
        if let types = self.types, !types.isEmpty { return types }
        if !self.properties.isEmpty || !self.required.isEmpty || self.discriminator != nil { return .object }
        if self.items != nil || !self.prefixItems.isEmpty { return .array }
        if !self.patterns.isEmpty || self.format != nil || self.maxLength != nil { return .string }
        if self.minimum != nil || self.maximum != nil { return .number }
        return [.string, .integer, .boolean, .null]
    }
}
