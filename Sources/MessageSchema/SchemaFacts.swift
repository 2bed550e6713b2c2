/// The constraints at one position of a message, as plain public values: what the fuzzer's invalid-instance
/// mutators need to step just outside them (one past `maxLength`, a type the position does not allow, a required
/// property removed), without exposing the compiled graph.
public struct SchemaFacts: Sendable, Hashable {
    /// The JSON types allowed here; empty when the schema does not say.
    public var types: [String]
    public var enumeration: [JSONValue]?
    public var constant: JSONValue?
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int
    public var maxLength: Int?
    public var minItems: Int
    public var maxItems: Int?
    /// Pattern sources, as written in the schema.
    public var patterns: [String]
    public var properties: [String]
    public var required: [String]
    /// False when `additionalProperties: false` forbids names not in `properties`.
    public var additionalAllowed: Bool
}

extension InstanceGenerator {
    /// The facts at `path` (object keys and array indices as text) inside `instance`, following the union branch
    /// the instance's own values fit (else one drawn from `random`); nil when the path leaves the schema's declared
    /// structure.
    public func facts(
        at path: [String], in instance: JSONValue, using random: inout some RandomNumberGenerator
    ) -> SchemaFacts? {
        var node = self.validator.graph.root
        var value: JSONValue? = instance
        var constraints = self.constraints(node, choosing: value, using: &random)
        for step in path {
            if let index = Int(step), let items = value?.arrayValue {
                value = items.indices.contains(index) ? items[index] : nil
                guard
                    let next = index < constraints.prefixItems.count
                        ? constraints.prefixItems[index] : constraints.items
                else { return nil }
                node = next
            } else {
                value = value?.objectValue?[step]
                guard let next = constraints.node(forProperty: step) else { return nil }
                node = next
            }
            constraints = self.constraints(node, choosing: value, using: &random)
        }
        return SchemaFacts(
            types: constraints.types?.names ?? [], enumeration: constraints.enumeration, constant: constraints.constant,
            minimum: constraints.minimum, maximum: constraints.maximum, minLength: constraints.minLength,
            maxLength: constraints.maxLength, minItems: constraints.minItems, maxItems: constraints.maxItems,
            patterns: constraints.patterns.map(\.source), properties: constraints.properties.map(\.name),
            required: constraints.required, additionalAllowed: constraints.additionalAllowed)
    }
}
