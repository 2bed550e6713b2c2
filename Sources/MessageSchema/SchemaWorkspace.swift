import Foundation

/// The documents one protocol definition spans, registered for `$ref` resolution, and the shared work every loader
/// does with them: compile message schemas, check references, infer tags and find unused definitions.
/// Findings are collected as diagnostics with `file:line:column`, so one `schema check` run reports them all.
struct SchemaWorkspace {
    /// Loaded documents by absolute URI (no fragment).
    private(set) var documents: [String: SourceDocument] = [:]
    private(set) var registry = SchemaRegistry()
    var diagnostics: [ProtocolDiagnostic] = []
    let options: JSONSchemaValidator.Options
    /// Schema locations (`uri#pointer`) reached from some message, for the unused-definition check.
    private var reached: Set<String> = []

    init(options: JSONSchemaValidator.Options) {
        self.options = options
    }

    /// A place inside a loaded document.
    struct Location: Hashable {
        var uri: String
        var pointer: JSONPointer

        var text: String { "\(self.uri)#\(self.pointer)" }
    }

    mutating func add(_ document: SourceDocument) {
        self.documents[document.uri] = document
        self.registry.register(document.value, uri: document.uri)
    }

    func value(at location: Location) -> JSONValue? {
        self.documents[location.uri].flatMap { location.pointer.resolve(in: $0.value) }
    }

    mutating func error(at location: Location, _ message: String) {
        self.report(.error, at: location, message)
    }

    mutating func report(_ severity: ProtocolDiagnostic.Severity, at location: Location, _ message: String) {
        let document = self.documents[location.uri]
        self.diagnostics.append(
            ProtocolDiagnostic(
                severity: severity, file: document?.path ?? location.uri,
                position: document?.position(of: location.pointer), message: message))
    }

    var hasErrors: Bool { self.diagnostics.contains { $0.severity == .error } }

    /// Where `reference` (a `$ref` value found at `location`) points, or nil when it leaves the loaded documents.
    func target(of reference: String, from location: Location) -> Location? {
        let resolved = URIReference(reference).resolved(against: URIReference(location.uri))
        let uri = resolved.withoutFragment.description
        guard self.documents[uri] != nil else { return nil }
        let fragment = resolved.fragment.map { $0.removingPercentEncoding ?? $0 } ?? ""
        guard let pointer = JSONPointer(fragment) else { return nil }
        return Location(uri: uri, pointer: pointer)
    }

    /// Follows `$ref` chains from `location` to the schema they end at (bounded, so cycles stop).
    func dereference(_ location: Location) -> Location {
        var current = location
        for _ in 0..<32 {
            guard let reference = self.value(at: current)?["$ref"]?.stringValue,
                let next = self.target(of: reference, from: current)
            else { return current }
            current = next
        }
        return current
    }

    /// Walks the schema at `root` and everything it references, reporting each `$ref` that resolves nowhere.
    /// Returns false when it reported one, so callers skip compiling a schema already known to be broken.
    @discardableResult
    mutating func checkReferences(from root: Location) -> Bool {
        let before = self.diagnostics.count
        var pending = [root]
        while let location = pending.popLast() {
            guard self.reached.insert(location.text).inserted, let value = self.value(at: location) else { continue }
            var stack: [(JSONValue, JSONPointer)] = [(value, location.pointer)]
            while let (node, pointer) = stack.popLast() {
                switch node {
                case .object(let object):
                    for member in object {
                        let child = pointer.appending(member.key)
                        if member.key == "$ref", case .string(let reference) = member.value {
                            pending += self.follow(reference, at: Location(uri: location.uri, pointer: child))
                        } else if member.key == "mapping", pointer.tokens.last == "discriminator",
                            case .object(let mapping) = member.value
                        {
                            for entry in mapping where entry.value.stringValue?.contains("#") == true {
                                let at = Location(uri: location.uri, pointer: child.appending(entry.key))
                                pending += self.follow(entry.value.stringValue ?? "", at: at)
                            }
                        } else {
                            stack.append((member.value, child))
                        }
                    }
                case .array(let elements):
                    for (index, element) in elements.enumerated() {
                        stack.append((element, pointer.appending(String(index))))
                    }
                default:
                    break
                }
            }
        }
        return self.diagnostics.count == before
    }

    private mutating func follow(_ reference: String, at location: Location) -> [Location] {
        if let target = self.target(of: reference, from: location) {
            guard self.value(at: target) != nil else {
                self.error(at: location, "unresolvable reference '\(reference)': nothing at that pointer")
                return []
            }
            return [target]
        }
        let absolute = URIReference(reference).resolved(against: URIReference(location.uri)).withoutFragment
        if self.registry.document(for: absolute.description) == nil {
            self.error(at: location, "unresolvable reference '\(reference)': \(absolute) is not a loaded document")
        }
        return []
    }

    /// Warns about every member of the definition containers at `containers` that no message reaches.
    mutating func reportUnused(in uri: String, containers: [JSONPointer]) {
        for container in containers {
            guard case .object(let definitions)? = self.value(at: Location(uri: uri, pointer: container)) else {
                continue
            }
            for member in definitions {
                let location = Location(uri: uri, pointer: container.appending(member.key))
                let prefix = location.text + "/"
                let used = self.reached.contains(location.text) || self.reached.contains { $0.hasPrefix(prefix) }
                if !used {
                    self.report(.warning, at: location, "definition '\(member.key)' is not used by any message")
                }
            }
        }
    }

    /// Compiles the schema at `location` into a validator; a compile failure becomes an error diagnostic.
    mutating func compile(_ location: Location) -> JSONSchemaValidator? {
        do {
            return try JSONSchemaValidator(
                schema: ["$ref": .string(location.text)], registry: self.registry, options: self.options)
        } catch {
            let failing = self.locate(error.location) ?? location
            self.error(at: failing, error.message)
            return nil
        }
    }

    /// A compile error's absolute location, mapped back to a loaded document when it is one.
    private func locate(_ text: String) -> Location? {
        guard let hash = text.firstIndex(of: "#") else { return nil }
        let uri = String(text[..<hash])
        let fragment = String(text[text.index(after: hash)...])
        guard self.documents[uri] != nil, let pointer = JSONPointer(fragment.removingPercentEncoding ?? fragment)
        else { return nil }
        return Location(uri: uri, pointer: pointer)
    }

    /// The string tags a schema declares for `field` (`const`, or an `enum` of strings), through `$ref` and `allOf`.
    func tags(of location: Location, field: String) -> [String] {
        var pending = [location]
        var visited = 0
        while let current = pending.popLast(), visited < 64 {
            visited += 1
            guard let schema = self.value(at: current) else { continue }
            if let property = schema["properties"]?[field] {
                if let tag = property["const"]?.stringValue { return [tag] }
                if let values = property["enum"]?.arrayValue, !values.isEmpty {
                    return values.compactMap(\.stringValue)
                }
            }
            for (index, _) in (schema["allOf"]?.arrayValue ?? []).enumerated() {
                pending.append(
                    Location(uri: current.uri, pointer: current.pointer.appending("allOf").appending("\(index)")))
            }
            if let reference = schema["$ref"]?.stringValue, let next = self.target(of: reference, from: current) {
                pending.append(next)
            }
        }
        return []
    }

    /// The tag field of `schemas`: `preferred` if given, else the const property most of them have (`type` on a tie).
    func tagField(of schemas: [Location], preferred: String?) -> String? {
        if let preferred { return preferred }
        var candidates = ["type"]
        for schema in schemas {
            candidates += self.constProperties(of: self.dereference(schema)).filter { !candidates.contains($0) }
        }
        var best: (field: String, count: Int)?
        for field in candidates {
            let count = schemas.filter { !self.tags(of: $0, field: field).isEmpty }.count
            if count > 0 && count > (best?.count ?? 0) { best = (field, count) }
        }
        return best?.field
    }

    private func constProperties(of location: Location) -> [String] {
        guard case .object(let properties)? = self.value(at: location)?["properties"] else { return [] }
        return properties.filter { $0.value["const"]?.stringValue != nil }.map(\.key)
    }
}

extension SchemaWorkspace {
    /// Reports lifecycle rules that name messages the endpoint does not define.
    mutating func checkLifecycle(_ endpoint: ProtocolEndpoint, in document: SourceDocument, at pointer: JSONPointer) {
        let rules = endpoint.lifecycle
        var named: [(String, JSONPointer)] = []
        named += rules.onOpen.enumerated().map { ($1, pointer.appending("onOpen").appending(String($0))) }
        named += rules.beforeClose.enumerated().map { ($1, pointer.appending("beforeClose").appending(String($0))) }
        if let keepalive = rules.keepalive {
            named.append((keepalive.message, pointer.appending("keepalive").appending("message")))
            if let reply = keepalive.reply { named.append((reply, pointer.appending("keepalive").appending("reply"))) }
        }
        for (name, at) in named where endpoint.message(named: name) == nil {
            self.error(
                at: Location(uri: document.uri, pointer: at),
                "lifecycle names message '\(name)', which endpoint \(endpoint.path) does not define")
        }
    }

    /// The protocol with the warnings found, or every finding when any of them is an error.
    func finish(_ value: MessageProtocol) throws(ProtocolLoadFailure) -> LoadedProtocol {
        let ordered = self.diagnostics.sorted { lhs, rhs in
            (lhs.file, lhs.position?.line ?? 0, lhs.position?.column ?? 0)
                < (rhs.file, rhs.position?.line ?? 0, rhs.position?.column ?? 0)
        }
        if self.hasErrors { throw ProtocolLoadFailure(diagnostics: ordered) }
        return LoadedProtocol(value: value, warnings: ordered)
    }
}
