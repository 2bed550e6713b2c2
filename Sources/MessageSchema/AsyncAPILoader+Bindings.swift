/// The connection side of an AsyncAPI document: `ws` channel bindings (query and header schemas), servers,
/// security schemes and `correlationId`s, mapped onto the protocol model.
extension AsyncAPILoader {
    /// Parameters from the channel's `bindings.ws.query` and `bindings.ws.headers` object schemas.
    func parameters(channel: Location) throws(ProtocolLoadError) -> [ConnectionParameter] {
        let binding = self.resolve(Location(uri: channel.uri, pointer: channel.pointer.appending("bindings")))
        let ws = self.resolve(Location(uri: binding.uri, pointer: binding.pointer.appending("ws")))
        if let method = self.value(ws)?["method"]?.stringValue, method != "GET" {
            throw self.document.error(
                at: ws.pointer.appending("method"), "a WebSocket handshake uses GET (RFC 6455 §4.1), not \(method)")
        }
        var parameters: [ConnectionParameter] = []
        for (key, place) in [("query", ConnectionParameter.Location.query), ("headers", .header)] {
            let schema = self.resolve(Location(uri: ws.uri, pointer: ws.pointer.appending(key)))
            guard let schemaValue = self.value(schema) else { continue }
            let required = Set((schemaValue["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            for property in schemaValue["properties"]?.objectValue ?? JSONObject() {
                let at = self.resolve(
                    Location(uri: schema.uri, pointer: schema.pointer.appending("properties").appending(property.key)))
                let typeName = self.value(at)?["type"]?.stringValue ?? "string"
                let type: ConnectionParameter.ValueType
                switch typeName {
                case "string": type = .string
                case "integer": type = .integer
                case "boolean": type = .boolean
                case "number": type = .float
                default:
                    throw self.document.error(
                        at: at.pointer.appending("type"),
                        "a \(key) parameter must be a string, integer, boolean or number, not \(typeName)")
                }
                parameters.append(
                    ConnectionParameter(
                        name: property.key, location: place, type: type, required: required.contains(property.key)))
            }
        }
        return parameters
    }

    /// Correlation from the messages' `correlationId.location`s: payload pointers on requests and on replies become
    /// id and reply fields; any other expression is kept verbatim.
    func correlation(
        _ entries: [(location: Location, channel: String, direction: MessageDirection)]
    ) -> CorrelationRule? {
        var requests: [String] = []
        var replies: [String] = []
        for entry in entries {
            let at = self.resolve(
                Location(uri: entry.location.uri, pointer: entry.location.pointer.appending("correlationId")))
            guard let expression = self.value(at)?["location"]?.stringValue else { continue }
            if entry.direction == .serverToClient { replies.append(expression) } else { requests.append(expression) }
        }
        let request = requests.first
        let reply = replies.first { $0 != request } ?? replies.first
        if let request, let reply, let id = CorrelationRule.payloadPointer(request),
            let replyPointer = CorrelationRule.payloadPointer(reply), id != replyPointer
        {
            return .fields(id: id, reply: replyPointer)
        }
        return (reply ?? request).map { .expression($0) }
    }

    /// `protocol://host/pathname` of the first server (3.0), or its `url` (2.x).
    func baseURL(isV3: Bool) -> String? {
        guard case .object(let servers)? = self.value(self.location("servers")), let first = servers.first else {
            return nil
        }
        let server = self.resolve(self.location("servers", first.key))
        let scheme = self.value(server)?["protocol"]?.stringValue
        if isV3 {
            guard let host = self.value(server)?["host"]?.stringValue else { return nil }
            let path = self.value(server)?["pathname"]?.stringValue ?? ""
            return "\(scheme ?? "wss")://\(host)\(path)"
        }
        guard let url = self.value(server)?["url"]?.stringValue else { return nil }
        return url.contains("://") ? url : "\(scheme ?? "wss")://\(url)"
    }

    /// The first security scheme of the first server: 3.0 lists scheme objects or refs, 2.x lists `{name: [scopes]}`.
    func auth(isV3: Bool) throws(ProtocolLoadError) -> AuthStrategy {
        guard case .object(let servers)? = self.value(self.location("servers")), let first = servers.first else {
            return .none
        }
        let server = self.resolve(self.location("servers", first.key))
        let list = Location(uri: server.uri, pointer: server.pointer.appending("security"))
        guard case .array(let requirements)? = self.value(list), !requirements.isEmpty else { return .none }
        let scheme: Location
        if isV3 {
            scheme = self.resolve(Location(uri: list.uri, pointer: list.pointer.appending("0")))
        } else {
            guard let name = requirements.first?.objectValue?.keys.first else {
                throw self.document.error(at: list.pointer.appending("0"), "expected {<scheme name>: [scopes]}")
            }
            scheme = self.location("components", "securitySchemes", name)
        }
        guard let schemeValue = self.value(scheme) else {
            throw self.document.error(at: list.pointer.appending("0"), "security scheme not found in components")
        }
        let type = schemeValue["type"]?.stringValue ?? ""
        switch type {
        case "httpApiKey":
            let place = schemeValue["in"]?.stringValue ?? ""
            guard let location = AuthStrategy.KeyLocation(rawValue: place), let name = schemeValue["name"]?.stringValue
            else {
                throw self.document.error(
                    at: scheme.pointer, "httpApiKey needs 'name' and 'in' (query, header or cookie)")
            }
            return .apiKey(name: name, location: location)
        case "http" where schemeValue["scheme"]?.stringValue?.lowercased() == "bearer":
            return .bearer
        case "oauth2", "openIdConnect", "httpBearer":
            return .bearer
        default:
            throw self.document.error(
                at: scheme.pointer.appending("type"),
                "security scheme type '\(type)' cannot be used in a WebSocket handshake; use httpApiKey or http bearer")
        }
    }
}
