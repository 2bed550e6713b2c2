import Foundation

/// Loads a protocol from JSON Schema documents (typically Pydantic's `TypeAdapter(...).json_schema()` output) and a
/// small sidecar naming the union each side sends. JSON Schema cannot say who sends what or how to connect; the
/// sidecar does, in the same syntax as our API definition format (docs/schemas.md).
struct JSONSchemaProtocolLoader {
    let sidecar: SourceDocument
    var workspace: SchemaWorkspace

    init(sidecar: SourceDocument, options: JSONSchemaValidator.Options) {
        self.sidecar = sidecar
        self.workspace = SchemaWorkspace(options: options)
        self.workspace.add(sidecar)
    }

    /// A union's members: each branch's location and the tags that select it.
    struct Branch {
        var location: SchemaWorkspace.Location
        var tags: [String]
    }

    mutating func load() throws(ProtocolLoadFailure) -> LoadedProtocol {
        let reader = DefinitionReader(document: self.sidecar)
        let root = JSONPointer()
        let endpointPointer = root.appending("endpoint")
        let protocolValue: MessageProtocol
        do throws(ProtocolLoadError) {
            try reader.checkKeys(root, allowed: ["jsonSchema", "title", "baseUrl", "auth", "endpoint"])
            try reader.checkKeys(root.appending("jsonSchema"), allowed: ["client", "server"])
            try reader.checkKeys(
                endpointPointer, allowed: ["path", "params", "discriminator", "correlation", "lifecycle"])
            _ = try reader.object(root.appending("jsonSchema"), required: true)
            _ = try reader.object(endpointPointer, required: true)
            var messages: [ProtocolMessage] = []
            var tagField = try reader.string(endpointPointer.appending("discriminator"))
            for (side, direction) in [("client", MessageDirection.clientToServer), ("server", .serverToClient)] {
                let pointer = root.appending("jsonSchema").appending(side)
                guard let reference = try reader.string(pointer) else { continue }
                let union = try self.loadSchemaFile(reference, at: pointer)
                let (branches, field) = self.branches(of: union, tagField: tagField)
                tagField = tagField ?? field
                messages = self.merge(messages, self.compile(branches, direction: direction))
            }
            let endpoint = ProtocolEndpoint(
                path: try reader.string(endpointPointer.appending("path"), required: true) ?? "",
                parameters: try reader.parameters(endpointPointer.appending("params")), messages: messages,
                tagField: tagField, correlation: try reader.correlation(endpointPointer.appending("correlation")),
                lifecycle: try reader.lifecycle(endpointPointer.appending("lifecycle")))
            self.workspace.checkLifecycle(endpoint, in: self.sidecar, at: endpointPointer.appending("lifecycle"))
            protocolValue = MessageProtocol(
                title: try reader.string(root.appending("title")) ?? "untitled", format: .jsonSchema,
                baseURL: try reader.string(root.appending("baseUrl")), auth: try reader.auth(root.appending("auth")),
                endpoints: [endpoint])
        } catch {
            throw ProtocolLoadFailure(diagnostics: self.workspace.diagnostics + [ProtocolDiagnostic(error)])
        }
        for document in self.workspace.documents.values where document.uri != self.sidecar.uri {
            self.workspace.reportUnused(
                in: document.uri,
                containers: [
                    JSONPointer(tokens: ["$defs"]), JSONPointer(tokens: ["definitions"]),
                    JSONPointer(tokens: ["components", "schemas"]),
                ])
        }
        return try self.workspace.finish(protocolValue)
    }

    /// Loads `file[#pointer]` relative to the sidecar, rewriting Pydantic's `#/components/schemas/` refs if needed.
    mutating func loadSchemaFile(
        _ reference: String, at pointer: JSONPointer
    ) throws(ProtocolLoadError) -> SchemaWorkspace.Location {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = String(parts.first ?? "")
        let fragment = parts.count > 1 ? String(parts[1]) : ""
        guard let unionPointer = JSONPointer(fragment) else {
            throw self.sidecar.error(at: pointer, "'\(fragment)' is not a JSON Pointer")
        }
        let base = URL(fileURLWithPath: self.sidecar.path).deletingLastPathComponent()
        let path = file.hasPrefix("/") ? file : base.appendingPathComponent(file).path
        let uri = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        if self.workspace.documents[uri] == nil {
            let loaded: SourceDocument
            do {
                loaded = try SourceDocument.load(path: path)
            } catch {
                throw self.sidecar.error(at: pointer, "cannot load '\(file)': \(error)")
            }
            self.workspace.add(
                SourceDocument(
                    path: loaded.path, uri: loaded.uri, value: Self.rewritingComponentRefs(in: loaded.value),
                    positions: loaded.positions))
        }
        let location = SchemaWorkspace.Location(uri: uri, pointer: unionPointer)
        guard self.workspace.value(at: location) != nil else {
            throw self.sidecar.error(at: pointer, "nothing at '\(fragment)' in '\(file)'")
        }
        return location
    }

    /// The branches of the union at `location` (a lone model is a union of one) and the tag field they share.
    func branches(of location: SchemaWorkspace.Location, tagField: String?) -> ([Branch], String?) {
        let union = self.workspace.dereference(location)
        let schema = self.workspace.value(at: union)
        guard let keyword = ["oneOf", "anyOf"].first(where: { schema?[$0]?.arrayValue != nil }),
            let members = schema?[keyword]?.arrayValue
        else {
            let field = self.workspace.tagField(of: [union], preferred: tagField)
            return (
                [Branch(location: union, tags: field.map { self.workspace.tags(of: union, field: $0) } ?? [])], field
            )
        }
        let locations = members.indices.map {
            SchemaWorkspace.Location(uri: union.uri, pointer: union.pointer.appending(keyword).appending(String($0)))
        }
        let discriminator = schema?["discriminator"]
        let field =
            discriminator?["propertyName"]?.stringValue ?? discriminator?.stringValue
            ?? self.workspace.tagField(of: locations, preferred: tagField)
        var mapped: [SchemaWorkspace.Location: [String]] = [:]
        for member in discriminator?["mapping"]?.objectValue ?? JSONObject() {
            let at = SchemaWorkspace.Location(uri: union.uri, pointer: union.pointer.appending("discriminator"))
            if let target = member.value.stringValue.flatMap({ self.workspace.target(of: $0, from: at) }) {
                mapped[self.workspace.dereference(target), default: []].append(member.key)
            }
        }
        let branches = locations.map { branch in
            let tags =
                mapped[self.workspace.dereference(branch)]
                ?? field.map { self.workspace.tags(of: branch, field: $0) } ?? []
            return Branch(location: branch, tags: tags)
        }
        return (branches, field)
    }

    /// Compiles each branch once and makes one message per tag, reporting untagged and repeated tags.
    mutating func compile(_ branches: [Branch], direction: MessageDirection) -> [ProtocolMessage] {
        var messages: [ProtocolMessage] = []
        var seen: [String: SchemaWorkspace.Location] = [:]
        for (index, branch) in branches.enumerated() {
            let referencesResolve = self.workspace.checkReferences(from: branch.location)
            let target = self.workspace.dereference(branch.location)
            if referencesResolve && branch.tags.isEmpty && branches.count > 1 {
                self.workspace.error(
                    at: branch.location, "union branch \(index) has no tag, so it cannot be told apart")
                continue
            }
            guard referencesResolve, let validator = self.workspace.compile(branch.location) else { continue }
            let name = target.pointer.tokens.last ?? "message"
            if branch.tags.isEmpty {
                messages.append(
                    ProtocolMessage(
                        name: name, direction: direction, tag: nil, schemaLocation: target.text, validator: validator))
            }
            for tag in branch.tags {
                if let other = seen[tag] {
                    self.workspace.error(
                        at: branch.location, "tag '\(tag)' is used by two union branches (also \(other.pointer))")
                    continue
                }
                seen[tag] = branch.location
                messages.append(
                    ProtocolMessage(
                        name: tag, direction: direction, tag: tag, schemaLocation: target.text, validator: validator))
            }
        }
        return messages
    }

    /// Adds `new` to `existing`; a tag both sides send with the same schema becomes one bidirectional message.
    func merge(_ existing: [ProtocolMessage], _ new: [ProtocolMessage]) -> [ProtocolMessage] {
        var result = existing
        for message in new {
            if let index = result.firstIndex(where: {
                $0.tag != nil && $0.tag == message.tag && $0.schemaLocation == message.schemaLocation
            }) {
                result[index].direction = .both
            } else {
                result.append(message)
            }
        }
        return result
    }

    /// Pydantic called with `ref_template="#/components/schemas/{model}"` writes refs there but keeps the schemas
    /// under `$defs`; point such refs back at `$defs` so they resolve.
    static func rewritingComponentRefs(in document: JSONValue) -> JSONValue {
        guard document["$defs"] != nil, document["components"]?["schemas"] == nil else { return document }
        return self.rewrite(document)
    }

    private static func rewrite(_ value: JSONValue) -> JSONValue {
        let prefix = "#/components/schemas/"
        switch value {
        case .string(let text) where text.hasPrefix(prefix):
            return .string("#/$defs/" + text.dropFirst(prefix.count))
        case .array(let elements):
            return .array(elements.map { self.rewrite($0) })
        case .object(let object):
            return .object(
                JSONObject(
                    object.map { member in
                        let keep =
                            member.key == "const" || member.key == "enum" || member.key == "default"
                            || member.key == "examples"
                        return JSONObject.Member(
                            key: member.key, value: keep ? member.value : self.rewrite(member.value))
                    }))
        default:
            return value
        }
    }
}
