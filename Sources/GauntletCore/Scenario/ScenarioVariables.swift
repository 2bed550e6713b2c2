import Foundation
import MessageSchema

/// The values `${...}` stands for while a scenario runs: `env.NAME` from the environment, `uuid`, `now`, and what
/// `expect` steps captured. Values read from the environment are remembered so reports can redact them.
struct ScenarioVariables {
    var environment: [String: String]
    var captured: [String: JSONValue] = [:]
    /// Non-empty values substituted from the environment (secrets such as tokens).
    private(set) var secrets: Set<String> = []

    /// Marks `value` as a secret (an auth token written literally in a file is one too).
    mutating func rememberSecret(_ value: String) {
        if !value.isEmpty { self.secrets.insert(value) }
    }

    /// Replaces every `${name}` in `text`; an unknown name is an error naming it.
    mutating func resolve(_ text: String) throws(ScenarioRunError) -> String {
        guard text.contains("${") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw ScenarioRunError("unterminated ${ in \"\(text)\"")
            }
            let name = String(rest[open.upperBound..<close])
            output += try self.value(of: name)
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// Resolves every string inside a JSON template; a string that is exactly `${name}` keeps a captured value's type.
    mutating func resolve(_ value: JSONValue) throws(ScenarioRunError) -> JSONValue {
        switch value {
        case .string(let text):
            if text.hasPrefix("${"), text.hasSuffix("}"), text.dropFirst(2).firstIndex(of: "$") == nil,
                let captured = self.captured[String(text.dropFirst(2).dropLast())]
            {
                return captured
            }
            return .string(try self.resolve(text))
        case .array(let items):
            var resolved: [JSONValue] = []
            for item in items { resolved.append(try self.resolve(item)) }
            return .array(resolved)
        case .object(let object):
            var members: [JSONObject.Member] = []
            for member in object { members.append(.init(key: member.key, value: try self.resolve(member.value))) }
            return .object(JSONObject(members))
        default:
            return value
        }
    }

    private mutating func value(of name: String) throws(ScenarioRunError) -> String {
        if name.hasPrefix("env.") {
            let key = String(name.dropFirst(4))
            guard let value = self.environment[key] else {
                throw ScenarioRunError("the environment variable \(key) is not set (used as ${\(name)})")
            }
            if !value.isEmpty { self.secrets.insert(value) }
            return value
        }
        switch name {
        case "uuid": return UUID().uuidString.lowercased()
        case "now": return Date().formatted(.iso8601)
        default:
            guard let value = self.captured[name] else {
                throw ScenarioRunError("${\(name)} was never captured by an earlier expect step")
            }
            return value.stringValue ?? JSONWriter.string(from: value)
        }
    }
}

/// Why a scenario step could not be carried out (as opposed to the server behaving wrongly).
struct ScenarioRunError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension JSONValue {
    /// The value at a dotted path such as `payload.topics.0`; nil when any part is missing.
    func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            switch current {
            case .object(let object): current = object[String(part)]
            case .array(let items): current = Int(part).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }
}
