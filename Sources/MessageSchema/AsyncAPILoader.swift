/// Loads AsyncAPI 2.x (publish/subscribe) and 3.0 (send/receive with reply) documents, JSON or YAML.
/// AsyncAPI describes one application; `perspective` says whether that is the server (the default) or the client,
/// which decides who sends each message.
struct AsyncAPILoader {
    let document: SourceDocument
    let perspective: ProtocolLoader.Perspective
    var workspace: SchemaWorkspace
    /// Message locations in first-seen order, with the directions they were seen in.
    var seen: [(location: SchemaWorkspace.Location, channel: String, direction: MessageDirection)] = []

    init(document: SourceDocument, perspective: ProtocolLoader.Perspective, options: JSONSchemaValidator.Options) {
        self.document = document
        self.perspective = perspective
        self.workspace = SchemaWorkspace(options: options)
        self.workspace.add(document)
    }

    typealias Location = SchemaWorkspace.Location

    func location(_ tokens: String...) -> Location {
        Location(uri: self.document.uri, pointer: JSONPointer(tokens: tokens))
    }

    func value(_ location: Location) -> JSONValue? { self.workspace.value(at: location) }

    /// Follows a `$ref` (an AsyncAPI object or a schema) to where it is defined.
    func resolve(_ location: Location) -> Location { self.workspace.dereference(location) }

    mutating func load() throws(ProtocolLoadFailure) -> LoadedProtocol {
        let reader = DefinitionReader(document: self.document)
        let version = self.value(self.location("asyncapi"))?.stringValue ?? ""
        let value: MessageProtocol
        do throws(ProtocolLoadError) {
            let isV3: Bool
            if version.hasPrefix("3.") {
                isV3 = true
            } else if version.hasPrefix("2.") {
                isV3 = false
            } else {
                throw reader.fail(JSONPointer(tokens: ["asyncapi"]), "unsupported AsyncAPI version '\(version)'")
            }
            guard case .object(let channels)? = self.value(self.location("channels")) else {
                throw reader.fail(JSONPointer(tokens: ["channels"]), "the document has no 'channels' object")
            }
            if isV3 { try self.collectOperations3() } else { try self.collectOperations2(channels) }
            var endpoints: [ProtocolEndpoint] = []
            for channel in channels {
                let at = self.resolve(self.location("channels", channel.key))
                let path = isV3 ? (self.value(at)?["address"]?.stringValue ?? channel.key) : channel.key
                guard let endpoint = try self.endpoint(channel: channel.key, at: at, path: path, reader) else {
                    continue
                }
                endpoints.append(endpoint)
            }
            guard !endpoints.isEmpty else {
                throw reader.fail(JSONPointer(tokens: ["channels"]), "no channel has an operation with messages")
            }
            value = MessageProtocol(
                title: self.value(self.location("info", "title"))?.stringValue ?? "untitled",
                format: isV3 ? .asyncAPI3 : .asyncAPI2, baseURL: self.baseURL(isV3: isV3),
                auth: try self.auth(isV3: isV3), endpoints: endpoints)
        } catch {
            throw ProtocolLoadFailure(diagnostics: self.workspace.diagnostics + [ProtocolDiagnostic(error)])
        }
        self.workspace.reportUnused(
            in: self.document.uri,
            containers: [
                JSONPointer(tokens: ["components", "schemas"]), JSONPointer(tokens: ["components", "messages"]),
            ])
        return try self.workspace.finish(value)
    }

    /// The direction of a message the described application receives (or sends, when `receives` is false).
    func direction(receivedByApplication receives: Bool) -> MessageDirection {
        let direction: MessageDirection = receives ? .clientToServer : .serverToClient
        return self.perspective == .server ? direction : direction.reversed
    }

    mutating func note(
        _ message: Location, channel: String, _ direction: MessageDirection
    ) throws(ProtocolLoadError) {
        let target = self.resolve(message)
        if self.value(target) == nil || self.value(target)?["$ref"] != nil {
            let reference = self.value(message)?["$ref"]?.stringValue ?? message.pointer.description
            throw self.document.error(
                at: message.pointer.appending("$ref"), "unresolvable reference '\(reference)': nothing at that pointer")
        }
        if let index = self.seen.firstIndex(where: { $0.location == target && $0.channel == channel }) {
            if self.seen[index].direction != direction { self.seen[index].direction = .both }
        } else {
            self.seen.append((target, channel, direction))
        }
    }

    /// 3.0: `operations.*` with `action`, `channel`, `messages` and an optional `reply`.
    mutating func collectOperations3() throws(ProtocolLoadError) {
        guard case .object(let operations)? = self.value(self.location("operations")) else { return }
        for operation in operations {
            let at = self.resolve(self.location("operations", operation.key))
            let action = self.value(at)?["action"]?.stringValue
            guard action == "send" || action == "receive" else {
                throw self.document.error(at: at.pointer.appending("action"), "action must be 'send' or 'receive'")
            }
            let receives = action == "receive"
            try self.noteMessages(of: at, channelKey: "channel", self.direction(receivedByApplication: receives))
            let reply = Location(uri: at.uri, pointer: at.pointer.appending("reply"))
            if self.value(reply) != nil {
                try self.noteMessages(
                    of: self.resolve(reply), channelKey: "channel", self.direction(receivedByApplication: !receives))
            }
        }
    }

    /// An operation's (or reply's) messages: those listed, or else every message of its channel.
    mutating func noteMessages(
        of at: Location, channelKey: String, _ direction: MessageDirection
    ) throws(ProtocolLoadError) {
        let channelRef = Location(uri: at.uri, pointer: at.pointer.appending(channelKey))
        guard let reference = self.value(channelRef)?["$ref"]?.stringValue,
            let channel = self.workspace.target(of: reference, from: channelRef),
            channel.pointer.tokens.count == 2, channel.pointer.tokens.first == "channels"
        else {
            throw self.document.error(at: channelRef.pointer, "expected {$ref: '#/channels/<name>'}")
        }
        let name = channel.pointer.tokens[1]
        if case .array(let listed)? = self.value(Location(uri: at.uri, pointer: at.pointer.appending("messages"))) {
            for index in listed.indices {
                try self.note(
                    Location(uri: at.uri, pointer: at.pointer.appending("messages").appending(String(index))),
                    channel: name, direction)
            }
        } else if case .object(let messages)? = self.value(self.resolve(channel))?["messages"] {
            for message in messages {
                try self.note(self.location("channels", name, "messages", message.key), channel: name, direction)
            }
        }
    }

    /// 2.x: each channel's `publish` (clients send to the application) and `subscribe` (the application sends).
    mutating func collectOperations2(_ channels: JSONObject) throws(ProtocolLoadError) {
        for channel in channels {
            for (verb, receives) in [("publish", true), ("subscribe", false)] {
                let operation = self.location("channels", channel.key, verb)
                guard self.value(operation) != nil else { continue }
                let message = self.resolve(
                    Location(uri: operation.uri, pointer: operation.pointer.appending("message")))
                guard let messageValue = self.value(message) else {
                    throw self.document.error(at: operation.pointer, "'\(verb)' has no 'message'")
                }
                let direction = self.direction(receivedByApplication: receives)
                if case .array(let branches)? = messageValue["oneOf"] {
                    for index in branches.indices {
                        let branch = message.pointer.appending("oneOf").appending(String(index))
                        try self.note(Location(uri: message.uri, pointer: branch), channel: channel.key, direction)
                    }
                } else {
                    try self.note(message, channel: channel.key, direction)
                }
            }
        }
    }

    /// One endpoint per channel that has messages; nil for channels no operation uses.
    mutating func endpoint(
        channel: String, at: Location, path: String, _ reader: DefinitionReader
    ) throws(ProtocolLoadError) -> ProtocolEndpoint? {
        let entries = self.seen.filter { $0.channel == channel }
        guard !entries.isEmpty else { return nil }
        let payloads = entries.map { self.payload(of: $0.location) }
        let tagField = self.workspace.tagField(of: payloads, preferred: nil)
        var messages: [ProtocolMessage] = []
        var tags: Set<String> = []
        for (entry, payload) in zip(entries, payloads) {
            guard self.workspace.checkReferences(from: entry.location) else { continue }
            guard self.value(payload) != nil else {
                self.workspace.error(at: entry.location, "message has no payload schema")
                continue
            }
            let tag = tagField.flatMap { self.workspace.tags(of: payload, field: $0).first }
            if let tag, !tags.insert(tag).inserted {
                self.workspace.error(at: entry.location, "tag '\(tag)' is used by two messages of channel '\(channel)'")
                continue
            } else if tag == nil, tagField != nil, entries.count > 1 {
                self.workspace.error(at: entry.location, "message has no '\(tagField ?? "")' tag in its payload")
            }
            guard let validator = self.workspace.compile(payload) else { continue }
            let object = self.value(entry.location)
            let name =
                tag ?? object?["name"]?.stringValue ?? object?["messageId"]?.stringValue
                ?? entry.location.pointer.tokens.last ?? "message"
            messages.append(
                ProtocolMessage(
                    name: name, direction: entry.direction, tag: tag,
                    schemaLocation: self.workspace.dereference(payload).text, validator: validator))
        }
        let lifecyclePointer = at.pointer.appending("x-gauntlet-lifecycle")
        let endpoint = ProtocolEndpoint(
            path: path, parameters: try self.parameters(channel: at), messages: messages, tagField: tagField,
            correlation: self.correlation(entries), lifecycle: try reader.lifecycle(lifecyclePointer))
        self.workspace.checkLifecycle(endpoint, in: self.document, at: lifecyclePointer)
        return endpoint
    }

    /// The payload schema of a message: `payload`, or `payload.schema` in 3.0's multi-format form.
    func payload(of message: Location) -> Location {
        let payload = self.resolve(Location(uri: message.uri, pointer: message.pointer.appending("payload")))
        if let payloadValue = self.value(payload), payloadValue["schemaFormat"] != nil, payloadValue["schema"] != nil {
            return Location(uri: payload.uri, pointer: payload.pointer.appending("schema"))
        }
        return payload
    }
}
