/// The property names a `properties` keyword declares, mapped to their subschema nodes. Typical message objects
/// have a handful of properties, and scanning a few names with a byte compare beats hashing each instance key,
/// which profiling showed among the top costs; large tables still use a dictionary.
struct PropertyTable: Sendable {
    /// Declared names in schema order, and each one's node (`-1` for names that are only declared).
    private var names: [String] = []
    private var nodes: [Int] = []
    private var index: [ScalarKey: Int]?

    /// Tables up to this size are scanned; larger ones are hashed.
    static let scanLimit = 12

    init() {}

    /// Adds `name` with its subschema node (a repeated name keeps its first node, as object keys are unique).
    mutating func add(_ name: String, node: Int) {
        guard self.position(of: name) == nil else { return }
        self.names.append(name)
        self.nodes.append(node)
        if self.index != nil {
            self.index?[ScalarKey(name)] = self.names.count - 1
        } else if self.names.count > Self.scanLimit {
            var index: [ScalarKey: Int] = [:]
            for (position, declared) in self.names.enumerated() {
                index[ScalarKey(declared)] = position
            }
            self.index = index
        }
    }

    private func position(of name: String) -> Int? {
        if let index = self.index { return index[ScalarKey(name)] }
        return self.names.firstIndex { ScalarKey.sameScalars($0, name) }
    }

    /// The node declared for `name`, comparing Unicode scalars exactly.
    func node(for name: String) -> Int? {
        self.position(of: name).map { self.nodes[$0] }
    }

    /// Declared names with their nodes, in schema order, for generators that build instances property by property.
    var entries: [(name: String, node: Int)] {
        Array(zip(self.names, self.nodes)).map { (name: $0.0, node: $0.1) }
    }

    /// True when `name` is declared.
    func contains(_ name: String) -> Bool {
        self.position(of: name) != nil
    }
}
