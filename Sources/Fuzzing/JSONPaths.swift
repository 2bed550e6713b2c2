import MessageSchema

/// Paths into a JSON value (object keys and array indices as text) and edits at them, for mutators that change
/// one position of a message and keep everything else, key order included.
enum JSONPaths {
    /// Every non-root position, depth first, bounded so a huge instance cannot blow up the list.
    static func all(in value: JSONValue, limit: Int = 512) -> [[String]] {
        var paths: [[String]] = []
        var stack: [([String], JSONValue)] = [([], value)]
        while let (path, current) = stack.popLast(), paths.count < limit {
            if !path.isEmpty { paths.append(path) }
            switch current {
            case .object(let object):
                for member in object.members.reversed() { stack.append((path + [member.key], member.value)) }
            case .array(let items):
                for (index, item) in items.enumerated().reversed() { stack.append((path + [String(index)], item)) }
            default:
                break
            }
        }
        return paths
    }

    /// `value` with the position at `path` set to `replacement`, or removed when it is nil; a missing object key
    /// is appended, a path through a non-container leaves `value` unchanged.
    static func replacing(_ value: JSONValue, at path: [String], with replacement: JSONValue?) -> JSONValue {
        guard let first = path.first else { return replacement ?? .null }
        let rest = Array(path.dropFirst())
        switch value {
        case .object(let object):
            var members = object.members
            if let index = members.firstIndex(where: { $0.key == first }) {
                if rest.isEmpty && replacement == nil {
                    members.remove(at: index)
                } else {
                    members[index].value = Self.replacing(members[index].value, at: rest, with: replacement)
                }
            } else if rest.isEmpty, let replacement {
                members.append(.init(key: first, value: replacement))
            }
            return .object(JSONObject(members))
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { return value }
            if rest.isEmpty && replacement == nil {
                items.remove(at: index)
            } else {
                items[index] = Self.replacing(items[index], at: rest, with: replacement)
            }
            return .array(items)
        default:
            return value
        }
    }
}

extension JSONValue {
    /// The value at `path` (keys and indices as text), or nil.
    func value(atPath path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for step in path {
            if let index = Int(step), let items = current?.arrayValue {
                current = items.indices.contains(index) ? items[index] : nil
            } else {
                current = current?.objectValue?[step]
            }
        }
        return current
    }
}
