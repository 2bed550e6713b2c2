import Foundation

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
        return self.members.firstIndex { ScalarKey.sameScalars($0.key, key) }
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
        Self.sameScalars(lhs.string, rhs.string)
    }

    public func hash(into hasher: inout Hasher) {
        let utf8 = self.string.utf8
        hasher.combine(utf8.count)
        let hashed: Void? = utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in utf8 {
                hasher.combine(byte)
            }
        }
    }

    /// True when both strings have the same Unicode scalars (same UTF-8 bytes); a memory compare for native strings.
    /// Validation compares keys and `const` strings constantly, so this is on the hot path.
    static func sameScalars(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        let compared = left.withContiguousStorageIfAvailable { leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in
                guard let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else {
                    return leftBytes.count == rightBytes.count
                }
                return memcmp(leftStart, rightStart, leftBytes.count) == 0
            }
        }
        return (compared ?? nil) ?? left.elementsEqual(right)
    }
}
