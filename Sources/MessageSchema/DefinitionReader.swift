/// Reads the parts our own formats share (the API definition and the JSON Schema sidecar): auth, connection
/// params, correlation and lifecycle. Each accessor names the offending key's `file:line:column` when it is wrong.
struct DefinitionReader {
    let document: SourceDocument

    func value(_ pointer: JSONPointer) -> JSONValue? {
        pointer.resolve(in: self.document.value)
    }

    func fail(_ pointer: JSONPointer, _ message: String) -> ProtocolLoadError {
        self.document.error(at: pointer, message)
    }

    func object(_ pointer: JSONPointer, required: Bool = false) throws(ProtocolLoadError) -> JSONObject? {
        switch self.value(pointer) {
        case .object(let object)?: return object
        case nil where !required, .null? where !required: return nil
        case nil: throw self.fail(pointer.parent, "missing required key '\(pointer.tokens.last ?? "")'")
        case let other?:
            throw self.fail(pointer, "'\(pointer.tokens.last ?? "")' must be an object, not \(other.typeName)")
        }
    }

    func string(_ pointer: JSONPointer, required: Bool = false) throws(ProtocolLoadError) -> String? {
        switch self.value(pointer) {
        case .string(let text)?: return text
        case nil where !required, .null? where !required: return nil
        case nil: throw self.fail(pointer.parent, "missing required key '\(pointer.tokens.last ?? "")'")
        case let other?:
            throw self.fail(pointer, "'\(pointer.tokens.last ?? "")' must be a string, not \(other.typeName)")
        }
    }

    func strings(_ pointer: JSONPointer) throws(ProtocolLoadError) -> [String] {
        guard let value = self.value(pointer), value != .null else { return [] }
        if case .string(let single) = value { return [single] }
        guard case .array(let elements) = value else {
            throw self.fail(pointer, "'\(pointer.tokens.last ?? "")' must be a list of message names")
        }
        var names: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let name) = element else {
                throw self.fail(pointer.appending(String(index)), "expected a message name (a string)")
            }
            names.append(name)
        }
        return names
    }

    /// Rejects keys outside `allowed`, so a typo (`paramz`) is an error instead of a silently ignored block.
    func checkKeys(_ pointer: JSONPointer, allowed: Set<String>) throws(ProtocolLoadError) {
        guard case .object(let object)? = self.value(pointer) else { return }
        for member in object where !allowed.contains(member.key) && !member.key.hasPrefix("x-") {
            let expected = allowed.sorted().joined(separator: ", ")
            throw self.fail(pointer.appending(member.key), "unknown key '\(member.key)'; expected one of \(expected)")
        }
    }

    /// `auth: {type: none | bearer | apiKey | subprotocol | message, in: query | header | cookie, name: ...,
    /// prefix: ..., message: ..., field: ...}`; absent means none.
    func auth(_ pointer: JSONPointer) throws(ProtocolLoadError) -> AuthStrategy {
        guard try self.object(pointer) != nil else { return .none }
        try self.checkKeys(pointer, allowed: ["type", "in", "name", "prefix", "message", "field"])
        let type = try self.string(pointer.appending("type"), required: true) ?? ""
        switch type {
        case "none": return .none
        case "bearer": return .bearer
        case "apiKey":
            let place = try self.string(pointer.appending("in"), required: true) ?? ""
            guard let location = AuthStrategy.KeyLocation(rawValue: place) else {
                throw self.fail(pointer.appending("in"), "auth 'in' must be query, header or cookie, not '\(place)'")
            }
            let name = try self.string(pointer.appending("name"), required: true) ?? ""
            return .apiKey(name: name, location: location)
        case "subprotocol":
            return .subprotocol(prefix: try self.string(pointer.appending("prefix")) ?? "")
        case "message":
            return .firstMessage(
                message: try self.string(pointer.appending("message"), required: true) ?? "",
                field: try self.string(pointer.appending("field")) ?? "payload.token")
        default:
            throw self.fail(
                pointer.appending("type"),
                "auth type must be none, bearer, apiKey, subprotocol or message, not '\(type)'")
        }
    }

    /// `params: [{name, in: query | header, type: string | integer | boolean | float, required}]`.
    func parameters(_ pointer: JSONPointer) throws(ProtocolLoadError) -> [ConnectionParameter] {
        guard let value = self.value(pointer), value != .null else { return [] }
        guard case .array(let elements) = value else { throw self.fail(pointer, "'params' must be a list") }
        var parameters: [ConnectionParameter] = []
        for index in elements.indices {
            let item = pointer.appending(String(index))
            guard try self.object(item) != nil else { throw self.fail(item, "a parameter must be an object") }
            try self.checkKeys(item, allowed: ["name", "in", "type", "required", "description"])
            let name = try self.string(item.appending("name"), required: true) ?? ""
            let place = try self.string(item.appending("in")) ?? "query"
            guard let location = ConnectionParameter.Location(rawValue: place) else {
                throw self.fail(item.appending("in"), "parameter 'in' must be query or header, not '\(place)'")
            }
            let typeName = try self.string(item.appending("type")) ?? "string"
            guard let type = ConnectionParameter.ValueType(rawValue: typeName) else {
                throw self.fail(
                    item.appending("type"),
                    "parameter type must be string, integer, boolean or float, not '\(typeName)'")
            }
            var required = false
            if let flag = self.value(item.appending("required")) {
                guard case .bool(let value) = flag else {
                    throw self.fail(item.appending("required"), "'required' must be true or false")
                }
                required = value
            }
            parameters.append(ConnectionParameter(name: name, location: location, type: type, required: required))
        }
        return parameters
    }

    /// `correlation: {id: id, reply: reply_to}` (field names or JSON Pointers), or `{expression: "$message..."}`.
    func correlation(_ pointer: JSONPointer) throws(ProtocolLoadError) -> CorrelationRule? {
        guard try self.object(pointer) != nil else { return nil }
        try self.checkKeys(pointer, allowed: ["id", "reply", "expression"])
        if let expression = try self.string(pointer.appending("expression")) {
            if let reply = CorrelationRule.payloadPointer(expression), let id = try self.fieldPointer(pointer, "id") {
                return .fields(id: id, reply: reply)
            }
            return .expression(expression)
        }
        guard let id = try self.fieldPointer(pointer, "id"), let reply = try self.fieldPointer(pointer, "reply") else {
            throw self.fail(pointer, "correlation needs 'id' and 'reply' fields, or an 'expression'")
        }
        return .fields(id: id, reply: reply)
    }

    private func fieldPointer(_ pointer: JSONPointer, _ key: String) throws(ProtocolLoadError) -> JSONPointer? {
        guard let text = try self.string(pointer.appending(key)) else { return nil }
        if text.hasPrefix("/") {
            guard let parsed = JSONPointer(text) else {
                throw self.fail(pointer.appending(key), "invalid JSON Pointer")
            }
            return parsed
        }
        return JSONPointer(tokens: [text])
    }

    /// `lifecycle: {onOpen: [names], keepalive: {message, reply, intervalSeconds}, beforeClose: [names]}`.
    func lifecycle(_ pointer: JSONPointer) throws(ProtocolLoadError) -> LifecycleRules {
        guard try self.object(pointer) != nil else { return LifecycleRules() }
        try self.checkKeys(pointer, allowed: ["onOpen", "keepalive", "beforeClose"])
        var rules = LifecycleRules(
            onOpen: try self.strings(pointer.appending("onOpen")),
            beforeClose: try self.strings(pointer.appending("beforeClose")))
        let keepalive = pointer.appending("keepalive")
        if try self.object(keepalive) != nil {
            try self.checkKeys(keepalive, allowed: ["message", "reply", "intervalSeconds"])
            var interval: Double?
            if let value = self.value(keepalive.appending("intervalSeconds")) {
                guard let seconds = value.doubleValue, seconds > 0 else {
                    throw self.fail(
                        keepalive.appending("intervalSeconds"), "'intervalSeconds' must be a positive number")
                }
                interval = seconds
            }
            rules.keepalive = LifecycleRules.Keepalive(
                message: try self.string(keepalive.appending("message"), required: true) ?? "",
                reply: try self.string(keepalive.appending("reply")), intervalSeconds: interval)
        }
        return rules
    }
}

extension JSONPointer {
    /// The pointer without its last token (the root's parent is the root).
    var parent: JSONPointer { JSONPointer(tokens: Array(self.tokens.dropLast())) }
}
