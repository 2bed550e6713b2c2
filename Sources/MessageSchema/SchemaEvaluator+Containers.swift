/// The applicators that descend into object members and array items (Core §10.3, §11).
extension SchemaEvaluator {
    mutating func applyObject(
        _ keyword: SchemaKeyword, of node: SchemaNode, to object: JSONObject, _ instance: JSONValue,
        _ evaluated: inout EvaluatedSet
    ) -> Bool {
        let name = keyword.name
        var valid = true
        switch keyword.check {
        case .properties(let map):
            for (position, member) in object.enumerated() {
                guard let child = map.node(for: member.key) else { continue }
                if self.tracks { evaluated.insert(position) }
                if !self.descendInto(child, member.value, keyword: name, step: member.key, instanceStep: member.key) {
                    valid = false
                    if !self.collecting { return false }
                }
            }
        case .patternProperties(let entries):
            for (position, member) in object.enumerated() {
                for entry in entries where entry.regex.matches(member.key) {
                    if self.tracks { evaluated.insert(position) }
                    let matched = self.descendInto(
                        entry.node, member.value, keyword: name, step: entry.regex.source, instanceStep: member.key)
                    if !matched {
                        valid = false
                        if !self.collecting { return false }
                    }
                }
            }
        case .additionalProperties(let child, let declared, let patterns):
            let forbidden = self.graph.nodes[child].constant == false
            for (position, member) in object.enumerated() {
                if declared.contains(member.key) { continue }
                if patterns.contains(where: { $0.matches(member.key) }) { continue }
                if self.tracks { evaluated.insert(position) }
                if forbidden {
                    self.report(node, name, "property '\(member.key)' is not allowed")
                    valid = false
                } else if !self.descendInto(child, member.value, keyword: name, instanceStep: member.key) {
                    valid = false
                }
                if !valid && !self.collecting { return false }
            }
        case .propertyNames(let child):
            for member in object {
                var ignored = EvaluatedSet()
                if !self.descend(child, .string(member.key), keyword: name, &ignored) {
                    self.report(node, name, "property name '\(member.key)' is not valid")
                    valid = false
                    if !self.collecting { return false }
                }
            }
        case .dependentSchemas(let entries):
            for entry in entries where object.position(of: entry.property) != nil {
                var inner = EvaluatedSet()
                if self.descend(entry.node, instance, keyword: name, step: entry.property, &inner) {
                    evaluated.merge(inner)
                } else {
                    valid = false
                    if !self.collecting { return false }
                }
            }
        case .unevaluatedProperties(let child):
            let forbidden = self.graph.nodes[child].constant == false
            for (position, member) in object.enumerated() where !evaluated.contains(position) {
                if forbidden {
                    self.report(node, name, "property '\(member.key)' is not allowed (unevaluated)")
                    valid = false
                } else if !self.descendInto(child, member.value, keyword: name, instanceStep: member.key) {
                    valid = false
                }
                if !valid && !self.collecting { return false }
            }
            evaluated.all = true
        default:
            break
        }
        return valid
    }

    mutating func applyArray(
        _ keyword: SchemaKeyword, of node: SchemaNode, to items: [JSONValue], _ evaluated: inout EvaluatedSet
    ) -> Bool {
        let name = keyword.name
        var valid = true
        switch keyword.check {
        case .prefixItems(let children):
            for (position, child) in children.enumerated() where position < items.count {
                if self.tracks { evaluated.insert(position) }
                let step = String(position)
                if !self.descendInto(child, items[position], keyword: name, step: step, instanceStep: step) {
                    valid = false
                    if !self.collecting { return false }
                }
            }
        case .items(let child, let start):
            guard start < items.count else { return true }
            let forbidden = self.graph.nodes[child].constant == false
            if forbidden {
                self.report(node, name, "at most \(start) items are allowed; found \(items.count)")
                return false
            }
            for position in start..<items.count
            where !self.descendInto(child, items[position], keyword: name, instanceStep: String(position)) {
                valid = false
                if !self.collecting { return false }
            }
            evaluated.all = true
        case .contains(let child, let minimum, let maximum):
            var matches = 0
            for (position, item) in items.enumerated() {
                var ignored = EvaluatedSet()
                self.instancePath.append(String(position))
                let matched = self.probe(child, item, keyword: name, &ignored)
                self.instancePath.removeLast()
                if matched {
                    matches += 1
                    if self.tracks { evaluated.insert(position) }
                    if !self.tracks && maximum == nil && matches >= minimum { break }
                }
            }
            if matches < minimum {
                let what = minimum == 1 ? "no item matches" : "only \(matches) items match, \(minimum) required by"
                self.report(node, name, "\(what) the `contains` schema")
                return false
            }
            if let maximum, matches > maximum {
                self.report(node, name, "\(matches) items match the `contains` schema; at most \(maximum) allowed")
                return false
            }
        case .unevaluatedItems(let child):
            for (position, item) in items.enumerated() where !evaluated.contains(position) {
                if !self.descendInto(child, item, keyword: name, instanceStep: String(position)) {
                    valid = false
                    if !self.collecting { return false }
                }
            }
            evaluated.all = true
        default:
            break
        }
        return valid
    }
}
