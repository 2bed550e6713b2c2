import MessageSchema
import WebSocketWire

/// The protocol facts the fuzzer judges by, read once from a `ProtocolEndpoint`: which client messages are
/// valid, which server messages are, and which server message is the protocol's error answer.
public struct EndpointCheck: Sendable {
    public let endpoint: ProtocolEndpoint

    public init(endpoint: ProtocolEndpoint) {
        self.endpoint = endpoint
    }

    /// Whether a message the harness sends is a valid client message (text, JSON, schema-valid).
    public func isValid(_ message: WireCheck.Message) -> Bool {
        guard message.opcode == .text, let value = try? JSONParser().parse(message.payload) else { return false }
        return self.endpoint.classify(value, direction: .clientToServer).isValid
    }

    /// Whether an invalid client message's only fault is a repeated key: parsed with the last value winning (as
    /// many servers' parsers do, RFC 8259 §4), it is valid.
    public func isValidButForDuplicateKeys(_ message: WireCheck.Message) -> Bool {
        let lenient = JSONParser(options: JSONParser.Options(duplicateKeys: .keepLast))
        guard message.opcode == .text, let document = try? lenient.parseDocument(message.payload),
            !document.duplicateKeys.isEmpty
        else { return false }
        return self.endpoint.classify(document.value, direction: .clientToServer).isValid
    }

    /// What a server's text message is: its message name (nil when unknown) and its first schema problem.
    public func classifyServerMessage(_ payload: [UInt8]) -> (name: String?, value: JSONValue?, problem: String?) {
        guard let value = try? JSONParser().parse(payload) else {
            return (nil, nil, "not valid JSON")
        }
        let classification = self.endpoint.classify(value, direction: .serverToClient)
        guard let message = classification.message else {
            return (nil, value, classification.errors.first?.message ?? "matches no server message")
        }
        if let error = classification.errors.first {
            return (message.name, value, "breaks its schema at '\(error.instanceLocation)' (\(error.keywordLocation))")
        }
        return (message.name, value, nil)
    }

    /// The client messages, in definition order.
    public var clientMessages: [ProtocolMessage] {
        self.endpoint.messages(sentBy: .clientToServer)
    }
}
