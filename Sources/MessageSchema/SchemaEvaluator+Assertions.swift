/// The assertion keywords: checks on one value that need no subschema (Validation §6).
extension SchemaEvaluator {
    mutating func assert(_ keyword: SchemaKeyword, of node: SchemaNode, _ instance: JSONValue) -> Bool {
        let name = keyword.name
        switch keyword.check {
        case .type(let types):
            guard types.admits(instance) else {
                let expected = types.names.joined(separator: " or ")
                self.report(node, name, "expected \(expected), got \(instance.typeName)")
                return false
            }
        case .enumeration(let values):
            guard values.contains(instance) else {
                let listed = values.prefix(8).map(\.description).joined(separator: ", ")
                self.report(node, name, "value \(Self.brief(instance)) is not one of [\(listed)]")
                return false
            }
        case .constant(let value):
            guard value == instance else {
                self.report(node, name, "value must be \(Self.brief(value))")
                return false
            }
        case .multipleOf(let divisor):
            guard let number = instance.doubleValue else { return true }
            guard Self.isMultiple(number, of: divisor, instance: instance) else {
                self.report(node, name, "\(Self.brief(instance)) is not a multiple of \(divisor)")
                return false
            }
        case .maximum(let limit, let exclusive):
            guard let number = instance.doubleValue else { return true }
            guard exclusive ? number < limit : number <= limit else {
                self.report(
                    node, name, "\(Self.brief(instance)) is greater than \(exclusive ? "or equal to " : "")\(limit)")
                return false
            }
        case .minimum(let limit, let exclusive):
            guard let number = instance.doubleValue else { return true }
            guard exclusive ? number > limit : number >= limit else {
                self.report(
                    node, name, "\(Self.brief(instance)) is less than \(exclusive ? "or equal to " : "")\(limit)")
                return false
            }
        case .maxLength(let limit):
            guard case .string(let text) = instance else { return true }
            let length = text.unicodeScalars.count
            guard length <= limit else {
                self.report(node, name, "string is \(length) characters long; at most \(limit) allowed")
                return false
            }
        case .minLength(let limit):
            guard case .string(let text) = instance else { return true }
            let length = text.unicodeScalars.count
            guard length >= limit else {
                self.report(node, name, "string is \(length) characters long; at least \(limit) required")
                return false
            }
        case .pattern(let regex):
            guard case .string(let text) = instance else { return true }
            guard regex.matches(text) else {
                self.report(node, name, "string \(Self.brief(instance)) does not match pattern '\(regex.source)'")
                return false
            }
        case .format(let format, _):
            guard case .string(let text) = instance else { return true }
            guard FormatChecker.check(format, text) != false else {
                self.report(node, name, "string \(Self.brief(instance)) is not a valid \(format)")
                return false
            }
        default:
            return self.assertCollection(keyword, of: node, instance)
        }
        return true
    }

    mutating func assertCollection(_ keyword: SchemaKeyword, of node: SchemaNode, _ instance: JSONValue) -> Bool {
        let name = keyword.name
        switch (keyword.check, instance) {
        case (.maxItems(let limit), .array(let items)) where items.count > limit:
            self.report(node, name, "array has \(items.count) items; at most \(limit) allowed")
            return false
        case (.minItems(let limit), .array(let items)) where items.count < limit:
            self.report(node, name, "array has \(items.count) items; at least \(limit) required")
            return false
        case (.uniqueItems, .array(let items)):
            if let (first, second) = Self.firstDuplicate(items) {
                self.report(node, name, "items \(first) and \(second) are equal; items must be unique")
                return false
            }
        case (.maxProperties(let limit), .object(let object)) where object.count > limit:
            self.report(node, name, "object has \(object.count) properties; at most \(limit) allowed")
            return false
        case (.minProperties(let limit), .object(let object)) where object.count < limit:
            self.report(node, name, "object has \(object.count) properties; at least \(limit) required")
            return false
        case (.required(let names), .object(let object)):
            var valid = true
            for property in names where object.position(of: property) == nil {
                self.report(node, name, "missing required property '\(property)'")
                valid = false
                if !self.collecting { break }
            }
            return valid
        case (.dependentRequired(let entries), .object(let object)):
            var valid = true
            for entry in entries where object.position(of: entry.property) != nil {
                for property in entry.required where object.position(of: property) == nil {
                    self.report(node, name, "property '\(property)' is required when '\(entry.property)' is present")
                    valid = false
                }
            }
            return valid
        default:
            break
        }
        return true
    }

    /// Exact for integers; for decimals, the quotient must be within rounding error of an integer.
    static func isMultiple(_ number: Double, of divisor: Double, instance: JSONValue) -> Bool {
        if case .integer(let value) = instance, divisor.rounded() == divisor, divisor < 9.0e18 {
            return value % Int(divisor) == 0
        }
        let quotient = number / divisor
        guard quotient.isFinite else { return false }
        let nearest = quotient.rounded()
        return abs(quotient - nearest) <= 1e-9 * Swift.max(1, abs(quotient))
    }

    /// Positions of the first two equal items, or nil when all are distinct.
    static func firstDuplicate(_ items: [JSONValue]) -> (Int, Int)? {
        if items.count <= 16 {
            for first in items.indices {
                for second in (first + 1)..<items.count where items[first] == items[second] {
                    return (first, second)
                }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (position, item) in items.enumerated() {
            if let earlier = seen[item] { return (earlier, position) }
            seen[item] = position
        }
        return nil
    }

    /// A short rendering of a value for messages (long values are cut).
    static func brief(_ value: JSONValue) -> String {
        let text = value.description
        guard text.unicodeScalars.count > 60 else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(57))) + "..."
    }
}
