/// Keyword by keyword compilation, following the vocabularies of the schema's dialect.
extension SchemaCompiler {
    mutating func compileKeywords(
        _ object: JSONObject, at location: SchemaLocation, scope: SchemaScope
    )
        throws(SchemaCompileError) -> [SchemaKeyword]
    {
        let draft7 = scope.rules.dialect.isDraft7
        let vocabularies = scope.rules.vocabularies
        let here = self.absoluteLocation(of: location, scope: scope)
        var keywords: [SchemaKeyword] = []
        if let reference = object["$ref"]?.stringValue {
            let target = try self.resolve(reference, scope: scope, from: here + "/$ref")
            keywords.append(SchemaKeyword(name: "$ref", check: .ref(target.node)))
            // Draft-07 ignores every keyword beside `$ref` (Validation §8.3).
            if draft7 { return keywords }
        }
        if !draft7, let reference = object["$dynamicRef"]?.stringValue {
            let target = try self.resolve(reference, scope: scope, from: here + "/$dynamicRef")
            keywords.append(SchemaKeyword(name: "$dynamicRef", check: self.dynamicCheck(target)))
        }
        if draft7 || vocabularies.contains(.validation) {
            try self.compileAssertions(object, draft7: draft7, at: here, into: &keywords)
        }
        if let format = object["format"]?.stringValue,
            self.formatAssertion || (!draft7 && vocabularies.contains(.formatAssertion))
        {
            keywords.append(SchemaKeyword(name: "format", check: .format(format, assert: true)))
        }
        if draft7 || vocabularies.contains(.applicator) {
            try self.compileApplicators(object, draft7: draft7, at: location, here: here, into: &keywords)
        }
        if let discriminator = try self.compileDiscriminator(object, at: location, scope: scope, here: here) {
            // Only the branch the tag selects is validated, so the union it replaces does not run on its own.
            keywords.removeAll { $0.name == discriminator.replaces }
            keywords.insert(SchemaKeyword(name: "discriminator", check: .discriminator(discriminator)), at: 0)
        }
        if !draft7 && vocabularies.contains(.unevaluated) {
            if object["unevaluatedProperties"] != nil {
                self.tracksAnnotations = true
                let node = try self.child(location, "unevaluatedProperties")
                keywords.append(SchemaKeyword(name: "unevaluatedProperties", check: .unevaluatedProperties(node)))
            }
            if object["unevaluatedItems"] != nil {
                self.tracksAnnotations = true
                let node = try self.child(location, "unevaluatedItems")
                keywords.append(SchemaKeyword(name: "unevaluatedItems", check: .unevaluatedItems(node)))
            }
        }
        return keywords
    }

    /// A `$dynamicRef` is dynamic only when its initial target declares a matching `$dynamicAnchor` (Core §8.2.3.2).
    func dynamicCheck(_ target: (node: Int, fragment: String?, location: SchemaLocation)) -> SchemaCheck {
        guard let name = target.fragment, !name.isEmpty, !name.hasPrefix("/"),
            let schema = target.location.pointer.resolve(in: self.index.documents[target.location.document]),
            schema["$dynamicAnchor"]?.stringValue == name
        else { return .ref(target.node) }
        return .dynamicRef(target.node, anchor: name)
    }

    mutating func compileAssertions(
        _ object: JSONObject, draft7: Bool, at here: String, into keywords: inout [SchemaKeyword]
    ) throws(SchemaCompileError) {
        if let type = object["type"] {
            var set: JSONTypeSet = []
            for name in type.arrayValue ?? [type] {
                guard let typeName = name.stringValue, let member = JSONTypeSet(name: typeName) else {
                    throw SchemaCompileError(code: .invalidSchema, location: here + "/type", message: "unknown type")
                }
                set.insert(member)
            }
            keywords.append(SchemaKeyword(name: "type", check: .type(set)))
        }
        if let values = object["enum"]?.arrayValue {
            keywords.append(SchemaKeyword(name: "enum", check: .enumeration(values)))
        }
        if let value = object["const"] {
            keywords.append(SchemaKeyword(name: "const", check: .constant(value)))
        }
        if let divisor = object["multipleOf"]?.doubleValue, divisor > 0 {
            keywords.append(SchemaKeyword(name: "multipleOf", check: .multipleOf(divisor)))
        }
        let bounds: [(String, Bool, Bool)] = [
            ("maximum", true, false), ("exclusiveMaximum", true, true), ("minimum", false, false),
            ("exclusiveMinimum", false, true),
        ]
        for (name, upper, exclusive) in bounds {
            guard let limit = object[name]?.doubleValue else { continue }
            let check: SchemaCheck =
                upper ? .maximum(limit, exclusive: exclusive) : .minimum(limit, exclusive: exclusive)
            keywords.append(SchemaKeyword(name: name, check: check))
        }
        let counts: [(String, (Int) -> SchemaCheck)] = [
            ("maxLength", SchemaCheck.maxLength), ("minLength", SchemaCheck.minLength),
            ("maxItems", SchemaCheck.maxItems), ("minItems", SchemaCheck.minItems),
            ("maxProperties", SchemaCheck.maxProperties), ("minProperties", SchemaCheck.minProperties),
        ]
        for (name, make) in counts {
            guard let limit = Self.count(object[name]) else { continue }
            keywords.append(SchemaKeyword(name: name, check: make(limit)))
        }
        if let pattern = object["pattern"]?.stringValue {
            let regex = try self.regex(pattern, at: here + "/pattern")
            keywords.append(SchemaKeyword(name: "pattern", check: .pattern(regex)))
        }
        if object["uniqueItems"]?.boolValue == true {
            keywords.append(SchemaKeyword(name: "uniqueItems", check: .uniqueItems))
        }
        if let required = object["required"]?.arrayValue {
            keywords.append(SchemaKeyword(name: "required", check: .required(required.compactMap(\.stringValue))))
        }
        if !draft7, let dependent = object["dependentRequired"]?.objectValue {
            let entries = dependent.map {
                (property: $0.key, required: ($0.value.arrayValue ?? []).compactMap(\.stringValue))
            }
            keywords.append(SchemaKeyword(name: "dependentRequired", check: .dependentRequired(entries)))
        }
    }

    /// A non-negative integral count (`2.0` counts as 2).
    static func count(_ value: JSONValue?) -> Int? {
        guard let value, value.isIntegral, let number = value.doubleValue, number >= 0 else { return nil }
        return number >= Double(Int.max) ? Int.max : Int(number)
    }

    mutating func compileApplicators(
        _ object: JSONObject, draft7: Bool, at location: SchemaLocation, here: String,
        into keywords: inout [SchemaKeyword]
    ) throws(SchemaCompileError) {
        for name in ["allOf", "anyOf", "oneOf"] {
            guard let branches = object[name]?.arrayValue else { continue }
            var nodes: [Int] = []
            for index in branches.indices {
                nodes.append(try self.child(location, name, String(index)))
            }
            let check: SchemaCheck = name == "allOf" ? .allOf(nodes) : name == "anyOf" ? .anyOf(nodes) : .oneOf(nodes)
            keywords.append(SchemaKeyword(name: name, check: check))
        }
        if object["not"] != nil {
            keywords.append(SchemaKeyword(name: "not", check: .not(try self.child(location, "not"))))
        }
        if object["if"] != nil {
            let condition = try self.child(location, "if")
            let then = object["then"] == nil ? nil : try self.child(location, "then")
            let otherwise = object["else"] == nil ? nil : try self.child(location, "else")
            keywords.append(
                SchemaKeyword(name: "if", check: .conditional(condition: condition, then: then, otherwise: otherwise)))
        }
        try self.compileObjectApplicators(object, draft7: draft7, at: location, here: here, into: &keywords)
        try self.compileArrayApplicators(object, draft7: draft7, at: location, into: &keywords)
    }

    mutating func compileObjectApplicators(
        _ object: JSONObject, draft7: Bool, at location: SchemaLocation, here: String,
        into keywords: inout [SchemaKeyword]
    ) throws(SchemaCompileError) {
        var declared = PropertyTable()
        if let properties = object["properties"]?.objectValue {
            for member in properties {
                declared.add(member.key, node: try self.child(location, "properties", member.key))
            }
            keywords.append(SchemaKeyword(name: "properties", check: .properties(declared)))
        }
        var patterns: [SchemaRegex] = []
        if let patternProperties = object["patternProperties"]?.objectValue {
            var entries: [(regex: SchemaRegex, node: Int)] = []
            for member in patternProperties {
                let regex = try self.regex(member.key, at: here + "/patternProperties")
                entries.append((regex, try self.child(location, "patternProperties", member.key)))
                patterns.append(regex)
            }
            keywords.append(SchemaKeyword(name: "patternProperties", check: .patternProperties(entries)))
        }
        if object["additionalProperties"] != nil {
            let node = try self.child(location, "additionalProperties")
            keywords.append(
                SchemaKeyword(
                    name: "additionalProperties",
                    check: .additionalProperties(node, declared: declared, patterns: patterns)))
        }
        if object["propertyNames"] != nil {
            keywords.append(
                SchemaKeyword(name: "propertyNames", check: .propertyNames(try self.child(location, "propertyNames"))))
        }
        let dependentName = draft7 ? "dependencies" : "dependentSchemas"
        if let dependencies = object[dependentName]?.objectValue {
            var schemas: [(property: String, node: Int)] = []
            var required: [(property: String, required: [String])] = []
            for member in dependencies {
                if draft7, let names = member.value.arrayValue {
                    required.append((member.key, names.compactMap(\.stringValue)))
                } else {
                    schemas.append((member.key, try self.child(location, dependentName, member.key)))
                }
            }
            if !required.isEmpty {
                keywords.append(SchemaKeyword(name: dependentName, check: .dependentRequired(required)))
            }
            if !schemas.isEmpty {
                keywords.append(SchemaKeyword(name: dependentName, check: .dependentSchemas(schemas)))
            }
        }
    }

    mutating func compileArrayApplicators(
        _ object: JSONObject, draft7: Bool, at location: SchemaLocation, into keywords: inout [SchemaKeyword]
    ) throws(SchemaCompileError) {
        if draft7 {
            if let tuple = object["items"]?.arrayValue {
                var nodes: [Int] = []
                for index in tuple.indices {
                    nodes.append(try self.child(location, "items", String(index)))
                }
                keywords.append(SchemaKeyword(name: "items", check: .prefixItems(nodes)))
                if object["additionalItems"] != nil {
                    let node = try self.child(location, "additionalItems")
                    keywords.append(SchemaKeyword(name: "additionalItems", check: .items(node, from: tuple.count)))
                }
            } else if object["items"] != nil {
                keywords.append(SchemaKeyword(name: "items", check: .items(try self.child(location, "items"), from: 0)))
            }
        } else {
            var prefixCount = 0
            if let prefix = object["prefixItems"]?.arrayValue {
                var nodes: [Int] = []
                for index in prefix.indices {
                    nodes.append(try self.child(location, "prefixItems", String(index)))
                }
                prefixCount = nodes.count
                keywords.append(SchemaKeyword(name: "prefixItems", check: .prefixItems(nodes)))
            }
            if object["items"] != nil {
                let node = try self.child(location, "items")
                keywords.append(SchemaKeyword(name: "items", check: .items(node, from: prefixCount)))
            }
        }
        if object["contains"] != nil {
            let node = try self.child(location, "contains")
            let minimum = draft7 ? 1 : (Self.count(object["minContains"]) ?? 1)
            let maximum = draft7 ? nil : Self.count(object["maxContains"])
            keywords.append(SchemaKeyword(name: "contains", check: .contains(node, min: minimum, max: maximum)))
        }
    }
}
