/// Loads our own WebSocket API definition format (`wsapi: "1.0"`, JSON or YAML; docs/schemas.md): a base URL, an
/// auth strategy, shared schemas, and endpoints listing their params, lifecycle and messages with directions.
/// It exists because neither AsyncAPI nor plain JSON Schema says all of that directly.
struct APIDefinitionLoader {
    let document: SourceDocument
    var workspace: SchemaWorkspace

    static let version = "1.0"
    /// Bounds the work one definition can ask for.
    static let maxEndpoints = 256
    static let maxMessages = 4096

    init(document: SourceDocument, options: JSONSchemaValidator.Options) {
        self.document = document
        self.workspace = SchemaWorkspace(options: options)
        self.workspace.add(document)
    }

    mutating func load() throws(ProtocolLoadFailure) -> LoadedProtocol {
        let reader = DefinitionReader(document: self.document)
        let root = JSONPointer()
        let value: MessageProtocol
        do throws(ProtocolLoadError) {
            try reader.checkKeys(
                root,
                allowed: [
                    "wsapi", "title", "version", "description", "baseUrl", "auth",
                    "schemas", "endpoints",
                ])
            let version = try reader.string(root.appending("wsapi"), required: true)
            guard version == Self.version else {
                throw reader.fail(root.appending("wsapi"), "unsupported wsapi version '\(version ?? "")'; expected 1.0")
            }
            _ = try reader.object(root.appending("schemas"))
            guard case .array(let list)? = reader.value(root.appending("endpoints")), !list.isEmpty else {
                throw reader.fail(root.appending("endpoints"), "'endpoints' must be a non-empty list")
            }
            guard list.count <= Self.maxEndpoints else {
                throw reader.fail(root.appending("endpoints"), "more than \(Self.maxEndpoints) endpoints")
            }
            var endpoints: [ProtocolEndpoint] = []
            for index in list.indices {
                endpoints.append(try self.endpoint(at: root.appending("endpoints").appending(String(index)), reader))
            }
            value = MessageProtocol(
                title: try reader.string(root.appending("title")) ?? "untitled", format: .apiDefinition,
                baseURL: try reader.string(root.appending("baseUrl")), auth: try reader.auth(root.appending("auth")),
                endpoints: endpoints)
        } catch {
            throw ProtocolLoadFailure(diagnostics: self.workspace.diagnostics + [ProtocolDiagnostic(error)])
        }
        self.workspace.reportUnused(in: self.document.uri, containers: [root.appending("schemas")])
        return try self.workspace.finish(value)
    }

    private mutating func endpoint(
        at pointer: JSONPointer, _ reader: DefinitionReader
    ) throws(ProtocolLoadError) -> ProtocolEndpoint {
        guard try reader.object(pointer) != nil else { throw reader.fail(pointer, "an endpoint must be an object") }
        try reader.checkKeys(
            pointer,
            allowed: ["path", "description", "params", "discriminator", "correlation", "lifecycle", "messages"])
        let path = try reader.string(pointer.appending("path"), required: true) ?? ""
        guard path.hasPrefix("/") else { throw reader.fail(pointer.appending("path"), "a path must start with '/'") }
        let messagesPointer = pointer.appending("messages")
        guard let entries = try reader.object(messagesPointer, required: true), !entries.isEmpty else {
            throw reader.fail(messagesPointer, "'messages' must define at least one message")
        }
        guard entries.count <= Self.maxMessages else {
            throw reader.fail(messagesPointer, "more than \(Self.maxMessages) messages")
        }
        var definitions: [(key: String, direction: MessageDirection, tag: String?, schema: SchemaWorkspace.Location)] =
            []
        for entry in entries {
            let at = messagesPointer.appending(entry.key)
            guard try reader.object(at) != nil else { throw reader.fail(at, "a message must be an object") }
            try reader.checkKeys(at, allowed: ["direction", "schema", "tag", "description"])
            let word = try reader.string(at.appending("direction"), required: true) ?? ""
            guard let direction = MessageDirection(rawValue: word) else {
                throw reader.fail(at.appending("direction"), "direction must be client, server or bidirectional")
            }
            guard try reader.object(at.appending("schema"), required: true) != nil else {
                throw reader.fail(at.appending("schema"), "missing schema")
            }
            let schema = SchemaWorkspace.Location(uri: self.document.uri, pointer: at.appending("schema"))
            definitions.append((entry.key, direction, try reader.string(at.appending("tag")), schema))
        }
        let tagField = self.workspace.tagField(
            of: definitions.map(\.schema), preferred: try reader.string(pointer.appending("discriminator")))
        var messages: [ProtocolMessage] = []
        var seen: Set<String> = []
        for definition in definitions {
            let referencesResolve = self.workspace.checkReferences(from: definition.schema)
            let tag = definition.tag ?? tagField.flatMap { self.workspace.tags(of: definition.schema, field: $0).first }
            if let tag, !seen.insert(tag).inserted {
                self.workspace.error(at: definition.schema, "tag '\(tag)' is used by two messages")
            } else if tag == nil, tagField != nil, definitions.count > 1, referencesResolve {
                self.workspace.error(
                    at: definition.schema, "message '\(definition.key)' has no '\(tagField ?? "")' tag")
            }
            guard referencesResolve, let validator = self.workspace.compile(definition.schema) else { continue }
            messages.append(
                ProtocolMessage(
                    name: tag ?? definition.key, direction: definition.direction, tag: tag,
                    schemaLocation: self.workspace.dereference(definition.schema).text, validator: validator))
        }
        let endpoint = ProtocolEndpoint(
            path: path, parameters: try reader.parameters(pointer.appending("params")), messages: messages,
            tagField: tagField, correlation: try reader.correlation(pointer.appending("correlation")),
            lifecycle: try reader.lifecycle(pointer.appending("lifecycle")))
        self.workspace.checkLifecycle(endpoint, in: self.document, at: pointer.appending("lifecycle"))
        return endpoint
    }
}
