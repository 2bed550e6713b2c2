/// The one entry point for protocol definitions: it reads a file, recognises its format, and loads it into a
/// `MessageProtocol`, so the CLI, scenarios and the judge never care which format a team keeps.
public struct ProtocolLoader: Sendable {
    /// Whose side an AsyncAPI document is written from. AsyncAPI describes one application; by default we take it
    /// to be the server, so its `receive`/`publish` operations are what clients send.
    public enum Perspective: String, Sendable, CaseIterable {
        case server
        case client
    }

    public var perspective: Perspective
    /// Options for every compiled message schema (e.g. `format` assertion).
    public var validatorOptions: JSONSchemaValidator.Options

    public init(perspective: Perspective = .server, validatorOptions: JSONSchemaValidator.Options = .init()) {
        self.perspective = perspective
        self.validatorOptions = validatorOptions
    }

    /// Loads the definition at `path`: an AsyncAPI 2.x/3.0 document, a WebSocket API definition, or a JSON Schema
    /// sidecar (which names the schema files it uses).
    public func load(path: String) throws(ProtocolLoadFailure) -> LoadedProtocol {
        let document: SourceDocument
        do {
            document = try SourceDocument.load(path: path)
        } catch {
            throw ProtocolLoadFailure(diagnostics: [ProtocolDiagnostic(error)])
        }
        return try self.load(document)
    }

    /// Loads an already parsed document.
    public func load(_ document: SourceDocument) throws(ProtocolLoadFailure) -> LoadedProtocol {
        guard case .object(let root) = document.value else {
            throw Self.failure(document, "a protocol definition must be an object, not \(document.value.typeName)")
        }
        if root["asyncapi"] != nil {
            var loader = AsyncAPILoader(
                document: document, perspective: self.perspective, options: self.asyncAPIOptions)
            return try loader.load()
        }
        if root["wsapi"] != nil {
            var loader = APIDefinitionLoader(document: document, options: self.validatorOptions)
            return try loader.load()
        }
        if root["jsonSchema"] != nil {
            var loader = JSONSchemaProtocolLoader(sidecar: document, options: self.validatorOptions)
            return try loader.load()
        }
        if root["$defs"] != nil || root["oneOf"] != nil || root["$schema"] != nil || root["properties"] != nil {
            throw Self.failure(
                document,
                "this is a JSON Schema; write a sidecar naming the client and server unions and check that "
                    + "(see docs/schemas.md)")
        }
        throw Self.failure(
            document, "unrecognised format: expected an 'asyncapi', 'wsapi' or 'jsonSchema' key at the top level")
    }

    /// AsyncAPI payloads default to its draft-07-based schema dialect.
    private var asyncAPIOptions: JSONSchemaValidator.Options {
        var options = self.validatorOptions
        options.defaultDialect = .draft7
        return options
    }

    private static func failure(_ document: SourceDocument, _ message: String) -> ProtocolLoadFailure {
        ProtocolLoadFailure(diagnostics: [ProtocolDiagnostic(document.error(at: JSONPointer(), message))])
    }
}

/// A loaded protocol and the warnings found on the way (unused definitions), which `schema check` prints.
public struct LoadedProtocol: Sendable {
    public let value: MessageProtocol
    public let warnings: [ProtocolDiagnostic]

    public init(value: MessageProtocol, warnings: [ProtocolDiagnostic]) {
        self.value = value
        self.warnings = warnings
    }
}
