/// A JSON object that keeps its members in wire order and looks keys up by exact Unicode scalars.
/// Swift's `String ==` uses canonical equivalence, which would merge keys such as "é" and "e\u{301}".
public struct JSONObject: Sendable, RandomAccessCollection {
    /// One `key: value` pair of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Members in the order they were written.
    public private(set) var members: [Member]
    /// For larger objects, a map from exact key bytes to member index, so lookups stay O(1).
    private var index: [ScalarKey: Int]?

    /// Objects up to this size are searched linearly; that is faster than hashing for typical messages.
    private static let indexThreshold = 12

    /// Builds an object; when keys repeat, the last value wins at the position of the first occurrence.
    public init(_ members: [Member] = []) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for member in members {
            self[member.key] = member.value
        }
    }

    public var startIndex: Int { self.members.startIndex }
    public var endIndex: Int { self.members.endIndex }
    public subscript(position: Int) -> Member { self.members[position] }

    /// The member keys in order.
    public var keys: [String] { self.members.map(\.key) }

    /// The position of `key`, comparing Unicode scalars exactly.
    public func position(of key: String) -> Int? {
        if let index = self.index {
            return index[ScalarKey(key)]
        }
        let utf8 = key.utf8
        return self.members.firstIndex { $0.key.utf8.elementsEqual(utf8) }
    }

    /// Reads or writes the value for `key`; writing a new key appends it, writing `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = self.position(of: key) else { return nil }
            return self.members[position].value
        }
        set {
            if let position = self.position(of: key) {
                if let newValue {
                    self.members[position].value = newValue
                } else {
                    self.members.remove(at: position)
                    self.rebuildIndex()
                }
            } else if let newValue {
                self.members.append(Member(key: key, value: newValue))
                if self.index != nil {
                    self.index?[ScalarKey(key)] = self.members.count - 1
                } else if self.members.count > Self.indexThreshold {
                    self.rebuildIndex()
                }
            }
        }
    }

    /// True when both objects hold the same keys with equal values, in any order.
    public func isEqualIgnoringOrder(to other: JSONObject) -> Bool {
        guard self.count == other.count else { return false }
        for member in self.members {
            guard let value = other[member.key], value == member.value else { return false }
        }
        return true
    }

    private mutating func rebuildIndex() {
        guard self.members.count > Self.indexThreshold else {
            self.index = nil
            return
        }
        var index: [ScalarKey: Int] = [:]
        index.reserveCapacity(self.members.count)
        for (position, member) in self.members.enumerated() {
            index[ScalarKey(member.key)] = position
        }
        self.index = index
    }
}

extension JSONObject: Equatable {
    /// Objects are equal when they hold the same members; key order does not matter (JSON Schema equality).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.isEqualIgnoringOrder(to: rhs)
    }
}

/// A string key hashed and compared by its UTF-8 bytes, i.e. by Unicode scalars, never by canonical equivalence.
/// Used wherever schema keywords map property names (properties, dependentRequired, discriminator mappings).
public struct ScalarKey: Hashable, Sendable {
    public let string: String

    public init(_ string: String) {
        self.string = string
    }

    public static func == (lhs: ScalarKey, rhs: ScalarKey) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.string.utf8.count)
        for byte in self.string.utf8 {
            hasher.combine(byte)
        }
    }
}
