/// A compiled discriminated union: the tag property and the branch each tag selects. With it, a message is
/// checked against its one branch, and a missing or unknown tag gets its own clear error instead of N branch errors.
/// Accepts the OpenAPI/Pydantic form `{propertyName, mapping}` and AsyncAPI's plain string form.
struct SchemaDiscriminator: Sendable {
    /// The tag property, e.g. `type`.
    let propertyName: String
    /// Tag to branch node; several tags may share one node.
    let branches: [ScalarKey: Int]
    /// Tags in declaration order, for messages.
    let tags: [String]
    /// The `oneOf`/`anyOf` keyword whose branches this discriminator chooses among (it is not run separately).
    let replaces: String?

    /// The accepted tags, quoted, for error messages.
    var expected: String {
        self.tags.map { "'\($0)'" }.joined(separator: ", ")
    }
}

extension SchemaCompiler {
    mutating func compileDiscriminator(
        _ object: JSONObject, at location: SchemaLocation, scope: SchemaScope, here: String
    ) throws(SchemaCompileError) -> SchemaDiscriminator? {
        guard let raw = object["discriminator"] else { return nil }
        let propertyName: String
        var mapping: JSONObject?
        switch raw {
        case .string(let name):
            propertyName = name
        case .object(let form):
            guard let name = form["propertyName"]?.stringValue else {
                throw SchemaCompileError(
                    code: .invalidDiscriminator, location: here + "/discriminator",
                    message: "a discriminator object needs a string `propertyName`")
            }
            propertyName = name
            mapping = form["mapping"]?.objectValue
        default:
            throw SchemaCompileError(
                code: .invalidDiscriminator, location: here + "/discriminator",
                message: "`discriminator` must be a property name or an object with `propertyName`")
        }
        var tags: [String] = []
        var branches: [ScalarKey: Int] = [:]
        for member in mapping ?? JSONObject() {
            let node: Int
            if let reference = member.value.stringValue {
                node = try self.resolveMappingTarget(reference, scope: scope, from: here + "/discriminator/mapping")
            } else {
                node = try self.child(location, "discriminator", "mapping", member.key)
            }
            tags.append(member.key)
            branches[ScalarKey(member.key)] = node
        }
        let unionKeyword = object["oneOf"] != nil ? "oneOf" : (object["anyOf"] != nil ? "anyOf" : nil)
        if let unionKeyword, let union = object[unionKeyword]?.arrayValue {
            for (position, branch) in union.enumerated() {
                let node = try self.child(location, unionKeyword, String(position))
                for tag in try self.implicitTags(of: branch, propertyName: propertyName, scope: scope, here: here)
                where branches[ScalarKey(tag)] == nil && mapping?[tag] == nil {
                    tags.append(tag)
                    branches[ScalarKey(tag)] = node
                }
            }
        }
        guard !branches.isEmpty else {
            throw SchemaCompileError(
                code: .invalidDiscriminator, location: here + "/discriminator",
                message: "discriminator '\(propertyName)' has no tags: add a mapping or a `const` in each branch")
        }
        return SchemaDiscriminator(
            propertyName: propertyName, branches: branches, tags: tags, replaces: unionKeyword)
    }

    /// A mapping value: a reference, or (OpenAPI) a bare schema name looked up among the usual containers.
    mutating func resolveMappingTarget(
        _ reference: String, scope: SchemaScope, from here: String
    )
        throws(SchemaCompileError) -> Int
    {
        if reference.contains("#") || reference.contains("/") || reference.contains(".") {
            return try self.resolve(reference, scope: scope, from: here).node
        }
        for container in ["#/components/schemas/", "#/$defs/", "#/definitions/"] {
            if let target = try? self.resolve(container + reference, scope: scope, from: here) {
                return target.node
            }
        }
        return try self.resolve(reference, scope: scope, from: here).node
    }

    /// Tags a branch declares for `propertyName` (`const`, or `enum` of strings), following `$ref` and `allOf`;
    /// failing that, the name of the referenced definition (OpenAPI's implicit mapping).
    mutating func implicitTags(
        of branch: JSONValue, propertyName: String, scope: SchemaScope, here: String
    )
        throws(SchemaCompileError) -> [String]
    {
        var pending: [(JSONValue, SchemaScope)] = [(branch, scope)]
        var referenceName: String?
        var visited = 0
        while let (schema, schemaScope) = pending.popLast(), visited < 32 {
            visited += 1
            if let property = schema["properties"]?[propertyName] {
                if let tag = property["const"]?.stringValue { return [tag] }
                if let values = property["enum"]?.arrayValue, !values.isEmpty {
                    return values.compactMap(\.stringValue)
                }
            }
            for part in schema["allOf"]?.arrayValue ?? [] {
                pending.append((part, schemaScope))
            }
            if let reference = schema["$ref"]?.stringValue {
                let target = try self.resolve(reference, scope: schemaScope, from: here)
                referenceName = referenceName ?? target.location.pointer.tokens.last
                if let value = target.location.pointer.resolve(in: self.index.documents[target.location.document]) {
                    pending.append((value, self.index.scope(at: target.location)))
                }
            }
        }
        return referenceName.map { [$0] } ?? []
    }
}

extension SchemaEvaluator {
    mutating func applyDiscriminator(
        _ discriminator: SchemaDiscriminator, keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        guard case .object(let object) = instance else { return true }
        let property = discriminator.propertyName
        guard let tagValue = object[property] else {
            self.report(
                node, keyword.name,
                "missing discriminator property '\(property)'; expected one of \(discriminator.expected)")
            return false
        }
        guard case .string(let tag) = tagValue, let branch = discriminator.branches[ScalarKey(tag)] else {
            self.instancePath.append(property)
            let shown = tagValue.stringValue ?? tagValue.description
            self.report(
                node, keyword.name, "unknown message type '\(shown)'; expected one of \(discriminator.expected)")
            self.instancePath.removeLast()
            return false
        }
        var inner = EvaluatedSet()
        let valid = self.descend(branch, instance, keyword: keyword.name, step: tag, &inner)
        if valid { evaluated.merge(inner) }
        return valid
    }
}
