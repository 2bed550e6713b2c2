import Foundation

/// Turns schema documents into a `SchemaGraph`: each reachable schema object becomes one node, and every `$ref`
/// and `$dynamicRef` becomes a node index. Cycles are fine: a node gets its index before its children compile.
struct SchemaCompiler {
    var index: SchemaIndex
    let formatAssertion: Bool
    var nodes: [SchemaNode] = []
    var compiled: [SchemaLocation: Int] = [:]
    var resourceNumbers: [String: Int] = [:]
    var resources: [[String: Int]] = []
    var tracksAnnotations = false
    var regexes: [String: SchemaRegex] = [:]

    init(index: SchemaIndex, formatAssertion: Bool) {
        self.index = index
        self.formatAssertion = formatAssertion
    }

    /// Compiles `schema`, known by `uri`, and everything it references.
    static func compile(
        _ schema: JSONValue, uri: URIReference, registry: SchemaRegistry, defaultDialect: SchemaDialect,
        formatAssertion: Bool
    ) throws(SchemaCompileError) -> SchemaGraph {
        var index = SchemaIndex(registry: registry, defaultDialect: defaultDialect)
        let document = index.add(schema, uri: uri)
        var compiler = SchemaCompiler(index: index, formatAssertion: formatAssertion)
        let root = try compiler.compile(SchemaLocation(document: document, pointer: JSONPointer()))
        return SchemaGraph(
            nodes: compiler.nodes, resources: compiler.resources, root: root,
            tracksAnnotations: compiler.tracksAnnotations)
    }

    /// The node for the schema at `location`, compiling it on first use.
    mutating func compile(_ location: SchemaLocation) throws(SchemaCompileError) -> Int {
        if let existing = self.compiled[location] { return existing }
        let scope = self.index.scope(at: location)
        let absolute = self.absoluteLocation(of: location, scope: scope)
        guard let value = location.pointer.resolve(in: self.index.documents[location.document]) else {
            throw SchemaCompileError(
                code: .unresolvableReference, location: absolute, message: "no schema at \(absolute)")
        }
        let number = self.nodes.count
        self.nodes.append(SchemaNode(absoluteLocation: absolute))
        self.compiled[location] = number
        switch value {
        case .bool(let flag):
            self.nodes[number].constant = flag
        case .object(let object):
            let keywords = try self.compileKeywords(object, at: location, scope: scope)
            self.nodes[number].keywords = keywords
            self.nodes[number].format = object["format"]?.stringValue
        default:
            throw SchemaCompileError(
                code: .invalidSchema, location: absolute, message: "a schema must be an object or a boolean")
        }
        // Every node knows its resource, so entering it (even through a pointer) extends the dynamic scope.
        self.nodes[number].resource = try self.registerResource(scope.base.description)
        return number
    }

    /// Gives a resource its number and compiles its dynamic anchors, for `$dynamicRef` lookups in dynamic scope.
    mutating func registerResource(_ base: String) throws(SchemaCompileError) -> Int {
        if let existing = self.resourceNumbers[base] { return existing }
        let number = self.resources.count
        self.resources.append([:])
        self.resourceNumbers[base] = number
        for (name, location) in (self.index.dynamicAnchors[base] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let node = try self.compile(location)
            self.resources[number][name] = node
        }
        return number
    }

    /// `base#/pointer`, the pointer taken from the enclosing resource's root.
    func absoluteLocation(of location: SchemaLocation, scope: SchemaScope) -> String {
        var tokens = location.pointer.tokens
        if let root = self.index.resources[scope.base.description], root.document == location.document,
            tokens.starts(with: root.pointer.tokens)
        {
            tokens.removeFirst(root.pointer.tokens.count)
        }
        return scope.base.description + "#" + JSONPointer(tokens: tokens).description
    }

    /// The node a reference names, resolved against the base URI in force at the referring schema.
    mutating func resolve(
        _ reference: String, scope: SchemaScope, from location: String
    ) throws(SchemaCompileError)
        -> (node: Int, fragment: String?, location: SchemaLocation)
    {
        let target = URIReference(reference).resolved(against: scope.base)
        let resourceURI = target.withoutFragment.description
        let fragment = target.fragment.map { $0.removingPercentEncoding ?? $0 }
        guard let root = self.index.resource(resourceURI) else {
            throw SchemaCompileError(
                code: .unresolvableReference, location: location,
                message: "cannot resolve reference '\(reference)' (\(target)); it is not a loaded document")
        }
        let targetLocation: SchemaLocation
        if let fragment, !fragment.isEmpty {
            if fragment.hasPrefix("/") {
                guard let pointer = JSONPointer(fragment) else {
                    throw SchemaCompileError(
                        code: .unresolvableReference, location: location,
                        message: "invalid JSON Pointer in reference '\(reference)'")
                }
                targetLocation = SchemaLocation(
                    document: root.document, pointer: JSONPointer(tokens: root.pointer.tokens + pointer.tokens))
            } else if let anchored = self.index.anchors[resourceURI + "#" + fragment] {
                targetLocation = anchored
            } else {
                throw SchemaCompileError(
                    code: .unresolvableReference, location: location,
                    message: "cannot resolve reference '\(reference)': no anchor '\(fragment)' in \(resourceURI)")
            }
        } else {
            targetLocation = root
        }
        return (try self.compile(targetLocation), fragment, targetLocation)
    }

    /// A compiled regex, shared by every keyword that uses the same source.
    mutating func regex(_ source: String, at location: String) throws(SchemaCompileError) -> SchemaRegex {
        if let cached = self.regexes[source] { return cached }
        do {
            let compiled = try SchemaRegex(source)
            self.regexes[source] = compiled
            return compiled
        } catch {
            throw SchemaCompileError(
                code: .invalidPattern, location: location, message: "invalid regular expression '\(source)'")
        }
    }

    /// Compiles the subschema at `location` + `tokens`.
    mutating func child(_ location: SchemaLocation, _ tokens: String...) throws(SchemaCompileError) -> Int {
        try self.compile(
            SchemaLocation(
                document: location.document,
                pointer: JSONPointer(
                    tokens: location.pointer.tokens + tokens)))
    }
}
