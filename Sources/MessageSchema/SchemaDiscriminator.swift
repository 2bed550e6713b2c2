/// A compiled discriminator.
struct SchemaDiscriminator: Sendable {
    let propertyName: String
}

extension SchemaCompiler {
    mutating func compileDiscriminator(_ object: JSONObject, at location: SchemaLocation, scope: SchemaScope, here: String)
        throws(SchemaCompileError) -> SchemaDiscriminator?
    {
        nil
    }
}

extension SchemaEvaluator {
    mutating func applyDiscriminator(
        _ discriminator: SchemaDiscriminator, keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        true
    }
}
