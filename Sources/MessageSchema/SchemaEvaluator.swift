/// Runs a compiled `SchemaGraph` against one instance. It keeps the instance and keyword paths as stacks and
/// builds pointers only when an error is reported, so a valid message costs no string work.
struct SchemaEvaluator {
    let graph: SchemaGraph
    let maxDepth: Int
    /// False while evaluating a branch whose errors would be thrown away (`not`, `if`, `contains`).
    var collecting: Bool
    var errors: [ValidationError] = []
    var instancePath: [String] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int] = []
    var depth = 0

    init(graph: SchemaGraph, collecting: Bool, maxDepth: Int) {
        self.graph = graph
        self.collecting = collecting
        self.maxDepth = maxDepth
    }

    var tracks: Bool { self.graph.tracksAnnotations }

    /// Validates `instance` against node `index`, adding what it evaluated to `evaluated`.
    mutating func evaluate(_ index: Int, _ instance: JSONValue, _ evaluated: inout EvaluatedSet) -> Bool {
        let node = self.graph.nodes[index]
        if let constant = node.constant {
            if !constant {
                self.report(node, "", "no value is allowed here (the schema is `false`)")
            }
            return constant
        }
        guard self.depth < self.maxDepth else {
            let limit = self.maxDepth
            self.report(node, "", "evaluation deeper than \(limit) schemas (a reference cycle?)")
            return false
        }
        self.depth += 1
        var pushed = false
        if let resource = node.resource, self.dynamicScope.last != resource {
            self.dynamicScope.append(resource)
            pushed = true
        }
        var valid = true
        for keyword in node.keywords where !self.apply(keyword, of: node, to: instance, &evaluated) {
            valid = false
            if !self.collecting { break }
        }
        if pushed { self.dynamicScope.removeLast() }
        self.depth -= 1
        return valid
    }

    /// Records an error at the current instance location for `keyword` of `node`.
    mutating func report(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
        guard self.collecting else { return }
        var keywordLocation = ""
        for step in self.keywordPath {
            keywordLocation += "/" + JSONPointer.escape(step)
        }
        if !keyword.isEmpty {
            keywordLocation += "/" + keyword
        }
        let absolute = keyword.isEmpty ? node.absoluteLocation : node.absoluteLocation + "/" + keyword
        self.errors.append(
            ValidationError(
                instanceLocation: JSONPointer(tokens: self.instancePath).description,
                keywordLocation: keywordLocation, absoluteKeywordLocation: absolute, keyword: keyword,
                message: message()))
    }

    /// Evaluates a subschema reached through `keyword` (and `step`, e.g. a property name or branch number).
    mutating func descend(
        _ child: Int, _ instance: JSONValue, keyword: String, step: String? = nil, instanceStep: String? = nil,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        // Paths only name errors, so the fast path (`isValid`, probes) skips the string work.
        let tracking = self.collecting
        guard tracking else { return self.evaluate(child, instance, &evaluated) }
        self.keywordPath.append(keyword)
        if let step { self.keywordPath.append(step) }
        if let instanceStep { self.instancePath.append(instanceStep) }
        let valid = self.evaluate(child, instance, &evaluated)
        if instanceStep != nil { self.instancePath.removeLast() }
        if step != nil { self.keywordPath.removeLast() }
        self.keywordPath.removeLast()
        return valid
    }

    /// Evaluates a subschema against another value (a member or an item); its annotations do not flow up.
    mutating func descendInto(
        _ child: Int, _ instance: JSONValue, keyword: String, step: String? = nil, instanceStep: String
    ) -> Bool {
        var ignored = EvaluatedSet()
        return self.descend(child, instance, keyword: keyword, step: step, instanceStep: instanceStep, &ignored)
    }

    /// Evaluates a subschema without recording its errors; the caller reports its own summary.
    mutating func probe(_ child: Int, _ instance: JSONValue, keyword: String, _ evaluated: inout EvaluatedSet) -> Bool {
        let saved = self.collecting
        self.collecting = false
        let valid = self.descend(child, instance, keyword: keyword, &evaluated)
        self.collecting = saved
        return valid
    }

    mutating func apply(
        _ keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue, _ evaluated: inout EvaluatedSet
    ) -> Bool {
        switch keyword.check {
        case .type, .enumeration, .constant, .multipleOf, .maximum, .minimum, .maxLength, .minLength, .pattern,
            .format, .maxItems, .minItems, .uniqueItems, .maxProperties, .minProperties, .required,
            .dependentRequired:
            return self.assert(keyword, of: node, instance)
        case .ref(let target):
            var inner = EvaluatedSet()
            let valid = self.descend(target, instance, keyword: keyword.name, &inner)
            if valid { evaluated.merge(inner) }
            return valid
        case .dynamicRef(let initial, let anchor):
            var target = initial
            for resource in self.dynamicScope {
                if let candidate = self.graph.resources[resource][anchor] {
                    target = candidate
                    break
                }
            }
            var inner = EvaluatedSet()
            let valid = self.descend(target, instance, keyword: keyword.name, &inner)
            if valid { evaluated.merge(inner) }
            return valid
        case .allOf(let branches):
            var valid = true
            for (position, branch) in branches.enumerated() {
                var inner = EvaluatedSet()
                if self.descend(branch, instance, keyword: keyword.name, step: String(position), &inner) {
                    evaluated.merge(inner)
                } else {
                    valid = false
                    if !self.collecting { break }
                }
            }
            return valid
        case .anyOf(let branches):
            return self.applyAnyOf(branches, keyword: keyword, of: node, to: instance, &evaluated)
        case .oneOf(let branches):
            return self.applyOneOf(branches, keyword: keyword, of: node, to: instance, &evaluated)
        case .not(let child):
            var ignored = EvaluatedSet()
            if self.probe(child, instance, keyword: keyword.name, &ignored) {
                self.report(node, keyword.name, "the value must not match the schema in `not`")
                return false
            }
            return true
        case .conditional(let condition, let then, let otherwise):
            var inner = EvaluatedSet()
            let holds = self.probe(condition, instance, keyword: "if", &inner)
            if holds { evaluated.merge(inner) }
            guard let branch = holds ? then : otherwise else { return true }
            var branchEvaluated = EvaluatedSet()
            let valid = self.descend(branch, instance, keyword: holds ? "then" : "else", &branchEvaluated)
            if valid { evaluated.merge(branchEvaluated) }
            return valid
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .dependentSchemas,
            .unevaluatedProperties:
            guard case .object(let object) = instance else { return true }
            return self.applyObject(keyword, of: node, to: object, instance, &evaluated)
        case .prefixItems, .items, .contains, .unevaluatedItems:
            guard case .array(let items) = instance else { return true }
            return self.applyArray(keyword, of: node, to: items, &evaluated)
        case .discriminator(let discriminator):
            return self.applyDiscriminator(discriminator, keyword: keyword, of: node, to: instance, &evaluated)
        }
    }

    mutating func applyAnyOf(
        _ branches: [Int], keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        let mark = self.errors.count
        var matched = false
        for (position, branch) in branches.enumerated() {
            var inner = EvaluatedSet()
            if self.descend(branch, instance, keyword: keyword.name, step: String(position), &inner) {
                matched = true
                evaluated.merge(inner)
                if !self.tracks { break }
            }
        }
        if matched {
            self.errors.removeSubrange(mark...)
            return true
        }
        if self.collecting {
            self.report(node, keyword.name, "the value matches none of the \(branches.count) schemas in `anyOf`")
            self.errors.insert(self.errors.removeLast(), at: mark)
        }
        return false
    }

    mutating func applyOneOf(
        _ branches: [Int], keyword: SchemaKeyword, of node: SchemaNode, to instance: JSONValue,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        let mark = self.errors.count
        var matches: [Int] = []
        var matchedEvaluated = EvaluatedSet()
        for (position, branch) in branches.enumerated() {
            var inner = EvaluatedSet()
            if self.descend(branch, instance, keyword: keyword.name, step: String(position), &inner) {
                matches.append(position)
                matchedEvaluated = inner
                if matches.count > 1 { break }
            }
        }
        if matches.count == 1 {
            self.errors.removeSubrange(mark...)
            evaluated.merge(matchedEvaluated)
            return true
        }
        if matches.count > 1 {
            self.errors.removeSubrange(mark...)
            self.report(
                node, keyword.name,
                "the value matches more than one schema in `oneOf` (at least \(matches[0]) and \(matches[1]))")
            return false
        }
        if self.collecting {
            self.report(node, keyword.name, "the value matches none of the \(branches.count) schemas in `oneOf`")
            self.errors.insert(self.errors.removeLast(), at: mark)
        }
        return false
    }
}
