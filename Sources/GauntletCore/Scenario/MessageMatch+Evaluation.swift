import MessageSchema

extension MessageMatch {
    /// Why `value` does not match (nil when it does), given the protocol's tag field.
    func mismatch(_ value: JSONValue, tagField: String?, variables: inout ScenarioVariables) -> String? {
        if let name = self.message {
            let tag = value.value(at: tagField ?? "type")?.stringValue
            guard tag == name else { return "type is \(tag ?? "missing"), not \(name)" }
        }
        for (path, condition) in self.fields {
            let found = value.value(at: path)
            guard let problem = condition.mismatch(found, variables: &variables) else { continue }
            return "\(path) \(problem)"
        }
        return nil
    }
}

extension FieldCondition {
    /// Why `value` fails the condition, in words; nil when it holds.
    func mismatch(_ value: JSONValue?, variables: inout ScenarioVariables) -> String? {
        let shown = value.map { JSONWriter.string(from: $0) } ?? "absent"
        switch self {
        case .exists(let wanted):
            return (value != nil) == wanted ? nil : (wanted ? "is absent" : "is present (\(shown))")
        case .equals(let template):
            guard let expected = try? variables.resolve(template) else { return "uses an unknown variable" }
            return value == expected ? nil : "is \(shown), not \(JSONWriter.string(from: expected))"
        case .oneOf(let options):
            return options.contains { $0 == value } ? nil : "is \(shown), not one of \(JSONValue.array(options))"
        case .regex(let pattern):
            guard let text = value?.stringValue else { return "is \(shown), not a string" }
            guard let regex = try? Regex(pattern) else { return "has an invalid pattern /\(pattern)/" }
            return text.contains(regex) ? nil : "is \(shown), which does not match /\(pattern)/"
        case .range(let low, let high):
            guard let number = value?.doubleValue else { return "is \(shown), not a number" }
            if let low, number < low { return "is \(shown), below \(low)" }
            if let high, number > high { return "is \(shown), above \(high)" }
            return nil
        }
    }
}
