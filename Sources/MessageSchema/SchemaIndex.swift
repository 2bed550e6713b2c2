/// Where a schema object sits: which loaded document, and the JSON Pointer to it inside that document.
struct SchemaLocation: Hashable, Sendable {
    let document: Int
    let pointer: JSONPointer
}

/// What holds at one schema location: its base URI (from the enclosing `$id`s) and its dialect and vocabularies.
struct SchemaScope: Sendable {
    let base: URIReference
    let rules: SchemaRules
}

/// The identifiers of loaded schema documents: resources by `$id`, anchors, dynamic anchors and every location's
/// scope. Built by walking each document once, with the keywords of its dialect, before anything is compiled.
struct SchemaIndex {
    var documents: [JSONValue] = []
    var resources: [String: SchemaLocation] = [:]
    var anchors: [String: SchemaLocation] = [:]
    var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    var scopes: [SchemaLocation: SchemaScope] = [:]
    let registry: SchemaRegistry
    let defaultDialect: SchemaDialect
    private var loadedURIs: Set<String> = []

    init(registry: SchemaRegistry, defaultDialect: SchemaDialect) {
        self.registry = registry
        self.defaultDialect = defaultDialect
    }

    /// Adds a document with retrieval URI `uri` and indexes it; returns its document number.
    mutating func add(_ document: JSONValue, uri: URIReference) -> Int {
        let number = self.documents.count
        self.documents.append(document)
        self.loadedURIs.insert(uri.withoutFragment.description)
        let location = SchemaLocation(document: number, pointer: JSONPointer())
        let rules = self.rules(for: document, inherited: .standard(self.defaultDialect))
        self.resources[uri.withoutFragment.description] = self.resources[uri.withoutFragment.description] ?? location
        self.scan(document, at: location, base: uri.withoutFragment, rules: rules)
        return number
    }

    /// The location of the resource `uri` (no fragment), loading it from the registry on first use.
    mutating func resource(_ uri: String) -> SchemaLocation? {
        if let location = self.resources[uri] { return location }
        if !self.loadedURIs.contains(uri), let document = self.registry.document(for: uri) {
            _ = self.add(document, uri: URIReference(uri))
            if let location = self.resources[uri] { return location }
        }
        // The URI may be an `$id` embedded in a registered document under another name: index them all.
        for other in self.registry.sortedURIs where !self.loadedURIs.contains(other) {
            if let document = self.registry.document(for: other) {
                _ = self.add(document, uri: URIReference(other))
            }
        }
        return self.resources[uri]
    }

    /// The scope at `location`: recorded during the scan, or inherited from the nearest scanned ancestor.
    func scope(at location: SchemaLocation) -> SchemaScope {
        var tokens = location.pointer.tokens
        while true {
            if let scope = self.scopes[
                SchemaLocation(document: location.document, pointer: JSONPointer(tokens: tokens))]
            {
                return scope
            }
            if tokens.isEmpty { break }
            tokens.removeLast()
        }
        return SchemaScope(base: URIReference(""), rules: .standard(self.defaultDialect))
    }

    /// The dialect and vocabularies a schema object declares through `$schema`, or `inherited`.
    func rules(for schema: JSONValue, inherited: SchemaRules) -> SchemaRules {
        guard let uri = schema["$schema"]?.stringValue else { return inherited }
        if let dialect = SchemaDialect.known(uri) { return .standard(dialect) }
        // A custom metaschema: its own `$schema` gives the dialect, its `$vocabulary` the keywords in force.
        guard let metaschema = self.registry.document(for: uri) else { return inherited }
        let dialect = metaschema["$schema"]?.stringValue.flatMap(SchemaDialect.known) ?? inherited.dialect
        guard let vocabulary = metaschema["$vocabulary"]?.objectValue else { return .standard(dialect) }
        return SchemaRules(dialect: dialect, vocabularies: SchemaVocabularies.from(vocabularyObject: vocabulary))
    }

    private mutating func scan(_ schema: JSONValue, at location: SchemaLocation, base: URIReference, rules: SchemaRules)
    {
        guard case .object(let object) = schema else {
            self.scopes[location] = SchemaScope(base: base, rules: rules)
            return
        }
        let rules = self.rules(for: schema, inherited: rules)
        var base = base
        if rules.dialect.isDraft7 {
            // Draft-07: `$ref` hides every sibling, `$id` included (Validation §8.3).
            if object["$ref"] != nil {
                self.scopes[location] = SchemaScope(base: base, rules: rules)
                return
            }
            if let id = object["$id"]?.stringValue {
                let resolved = URIReference(id).resolved(against: base)
                if !id.hasPrefix("#") {
                    base = resolved.withoutFragment
                    self.registerResource(base, at: location)
                }
                if let fragment = resolved.fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                    self.anchors[base.description + "#" + fragment] = location
                }
            }
        } else {
            if let id = object["$id"]?.stringValue {
                base = URIReference(id).resolved(against: base).withoutFragment
                self.registerResource(base, at: location)
            }
            if let anchor = object["$anchor"]?.stringValue {
                self.anchors[base.description + "#" + anchor] = location
            }
            if let anchor = object["$dynamicAnchor"]?.stringValue {
                self.anchors[base.description + "#" + anchor] = location
                self.dynamicAnchors[base.description, default: [:]][anchor] = location
            }
        }
        self.scopes[location] = SchemaScope(base: base, rules: rules)
        for member in object {
            let step = location.pointer.appending(member.key)
            switch SchemaKeywordShape.of(member.key, draft7: rules.dialect.isDraft7) {
            case .schema:
                self.scan(
                    member.value, at: SchemaLocation(document: location.document, pointer: step), base: base,
                    rules: rules)
            case .schemaArray:
                for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                    let pointer = step.appending(String(index))
                    self.scan(
                        element, at: SchemaLocation(document: location.document, pointer: pointer), base: base,
                        rules: rules)
                }
            case .schemaMap:
                for entry in member.value.objectValue ?? JSONObject() {
                    let pointer = step.appending(entry.key)
                    self.scan(
                        entry.value, at: SchemaLocation(document: location.document, pointer: pointer),
                        base: base, rules: rules)
                }
            case .schemaOrArray:
                if case .array = member.value {
                    for (index, element) in (member.value.arrayValue ?? []).enumerated() {
                        let pointer = step.appending(String(index))
                        self.scan(
                            element, at: SchemaLocation(document: location.document, pointer: pointer),
                            base: base, rules: rules)
                    }
                } else {
                    self.scan(
                        member.value, at: SchemaLocation(document: location.document, pointer: step),
                        base: base, rules: rules)
                }
            case .none:
                break
            }
        }
    }

    private mutating func registerResource(_ uri: URIReference, at location: SchemaLocation) {
        self.resources[uri.description] = location
        self.loadedURIs.insert(uri.description)
    }
}

/// Which keywords hold subschemas, and in what shape, per dialect. Unknown keywords hold none.
enum SchemaKeywordShape {
    case schema
    case schemaArray
    case schemaMap
    case schemaOrArray

    static func of(_ keyword: String, draft7: Bool) -> SchemaKeywordShape? {
        switch keyword {
        case "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else":
            return .schema
        case "allOf", "anyOf", "oneOf":
            return .schemaArray
        case "properties", "patternProperties", "definitions":
            return .schemaMap
        case "items":
            return draft7 ? .schemaOrArray : .schema
        case "additionalItems":
            return draft7 ? .schema : nil
        case "dependencies":
            return draft7 ? .schemaMap : nil
        case "$defs", "dependentSchemas":
            return draft7 ? nil : .schemaMap
        case "prefixItems":
            return draft7 ? nil : .schemaArray
        case "unevaluatedProperties", "unevaluatedItems", "contentSchema":
            return draft7 ? nil : .schema
        default:
            return nil
        }
    }
}
