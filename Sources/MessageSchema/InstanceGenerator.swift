/// Builds JSON instances that validate against a compiled schema: types, enums, `const`, formats, lengths,
/// patterns, bounds, required properties and discriminator tags, all chosen from a caller's seeded generator.
///
/// The fuzzer needs valid messages to reach a server's application code (and to mutate into invalid ones), and a
/// scenario that names only the fields it cares about needs the rest filled in; both want the same thing, so it
/// lives here, beside the validator it answers to. Output depends only on the schema and the generator's state, so
/// a fuzz seed reproduces. Every result is checked with the validator; a schema the generator cannot satisfy in
/// `Options.attempts` tries yields its last attempt, and `isValid` on it says so.
public struct InstanceGenerator: Sendable {
    /// Bounds that keep generated instances small and generation finite.
    public struct Options: Sendable, Hashable {
        /// Beyond this depth, only required properties and minimum item counts are generated.
        public var maxDepth: Int
        /// The chance that an optional property is included, in percent.
        public var optionalPercent: Int
        /// The longest unconstrained string, and the most extra items or characters beyond a minimum.
        public var spread: Int
        /// Whole-instance tries before giving up on validity.
        public var attempts: Int

        public init(maxDepth: Int = 6, optionalPercent: Int = 50, spread: Int = 12, attempts: Int = 16) {
            self.maxDepth = maxDepth
            self.optionalPercent = optionalPercent
            self.spread = spread
            self.attempts = attempts
        }
    }

    public let validator: JSONSchemaValidator
    public var options: Options

    public init(validator: JSONSchemaValidator, options: Options = Options()) {
        self.validator = validator
        self.options = options
    }

    private var graph: SchemaGraph { self.validator.graph }

    /// A valid instance of the whole schema (or the best attempt when none validated).
    public func generate(using generator: inout some RandomNumberGenerator) -> JSONValue {
        var last = JSONValue.null
        for _ in 0..<max(1, self.options.attempts) {
            last = self.value(for: self.graph.root, depth: 0, using: &generator)
            if self.validator.isValid(last) { return last }
        }
        return last
    }

    /// `partial` with what it lacks filled in: every missing required property generated, nested objects
    /// completed the same way, present values kept as given. For "send message M with these fields" in scenarios.
    public func complete(_ partial: JSONValue, using generator: inout some RandomNumberGenerator) -> JSONValue {
        var best = partial
        for _ in 0..<max(1, self.options.attempts) {
            best = self.complete(partial, node: self.graph.root, depth: 0, using: &generator)
            if self.validator.isValid(best) { return best }
        }
        return best
    }

    /// The flattened constraints at `node`, with one branch of each union chosen.
    func constraints(
        _ node: Int, choosing value: JSONValue? = nil, using generator: inout some RandomNumberGenerator
    ) -> SchemaConstraints {
        var constraints = SchemaConstraints()
        constraints.gather(node, in: self.graph)
        if let discriminator = constraints.discriminator {
            let given = value?.objectValue?[discriminator.propertyName]?.stringValue
            let tag =
                given.flatMap { discriminator.tags.contains($0) ? $0 : nil }
                ?? discriminator.tags.randomElement(using: &generator)
            if let tag, let branch = discriminator.branches[ScalarKey(tag)] {
                constraints.discriminator = nil
                constraints.choices.removeAll()
                constraints.gather(branch, in: self.graph)
            }
        }
        var rounds = 0
        while !constraints.choices.isEmpty, rounds < SchemaConstraints.maxHops {
            rounds += 1
            let group = constraints.choices.removeFirst()
            // Against a partial value, prefer a branch it already satisfies (e.g. the object branch of `X | null`).
            let fitting = value.flatMap { present in group.first { self.fits(present, node: $0) } }
            if let branch = fitting ?? group.randomElement(using: &generator) {
                constraints.gather(branch, in: self.graph)
            }
        }
        return constraints
    }

    private func fits(_ value: JSONValue, node: Int) -> Bool {
        var constraints = SchemaConstraints()
        constraints.gather(node, in: self.graph)
        return constraints.impliedTypes.admits(value)
    }

    func value(for node: Int, depth: Int, using generator: inout some RandomNumberGenerator) -> JSONValue {
        let constraints = self.constraints(node, using: &generator)
        if let constant = constraints.constant { return constant }
        if let values = constraints.enumeration, let pick = values.randomElement(using: &generator) { return pick }
        let types = constraints.impliedTypes
        let order: [JSONTypeSet] = [.object, .array, .string, .integer, .number, .boolean, .null]
        var candidates = order.filter { types.contains($0) }
        // Prefer anything over null when a type union allows both (Pydantic's `X | None`), so fields carry data.
        if candidates.count > 1 && Int.random(in: 0..<4, using: &generator) > 0 { candidates.removeAll { $0 == .null } }
        guard let type = candidates.randomElement(using: &generator) else { return .null }
        switch type {
        case .object: return .object(self.object(constraints, depth: depth, using: &generator))
        case .array: return .array(self.array(constraints, depth: depth, using: &generator))
        case .string: return .string(self.string(constraints, using: &generator))
        case .integer: return .integer(self.integer(constraints, using: &generator))
        case .number: return .number(self.number(constraints, using: &generator))
        case .boolean: return .bool(Bool.random(using: &generator))
        default: return .null
        }
    }

    private func object(
        _ constraints: SchemaConstraints, depth: Int, using generator: inout some RandomNumberGenerator
    ) -> JSONObject {
        var members: [JSONObject.Member] = []
        for (name, node) in constraints.properties {
            let required = constraints.required.contains(name)
            let wanted =
                required
                || (depth < self.options.maxDepth
                    && Int.random(in: 0..<100, using: &generator) < self.options.optionalPercent)
            guard wanted else { continue }
            members.append(.init(key: name, value: self.value(for: node, depth: depth + 1, using: &generator)))
        }
        for name in constraints.required where !members.contains(where: { $0.key == name }) {
            members.append(.init(key: name, value: .string(name)))
        }
        if constraints.additionalAllowed {
            var extra = 0
            while members.count < constraints.minProperties {
                members.append(.init(key: "extra\(extra)", value: .integer(extra)))
                extra += 1
            }
        }
        return JSONObject(members)
    }

    private func array(
        _ constraints: SchemaConstraints, depth: Int, using generator: inout some RandomNumberGenerator
    ) -> [JSONValue] {
        let extra = depth < self.options.maxDepth ? min(3, self.options.spread) : 0
        let upper = min(constraints.maxItems ?? (constraints.minItems + extra), constraints.minItems + extra)
        let count = Int.random(in: constraints.minItems...max(constraints.minItems, upper), using: &generator)
        var items: [JSONValue] = []
        var tries = 0
        while items.count < count, tries < count * 4 + 4 {
            tries += 1
            let node =
                items.count < constraints.prefixItems.count ? constraints.prefixItems[items.count] : constraints.items
            let item = node.map { self.value(for: $0, depth: depth + 1, using: &generator) } ?? .integer(items.count)
            if constraints.uniqueItems && items.contains(where: { $0 == item }) { continue }
            items.append(item)
        }
        return items
    }

    private func string(_ constraints: SchemaConstraints, using generator: inout some RandomNumberGenerator) -> String {
        let low = constraints.minLength
        let high = max(low, min(constraints.maxLength ?? (low + self.options.spread), low + self.options.spread))
        func fitsLength(_ text: String) -> Bool {
            let count = text.unicodeScalars.count
            return count >= low && count <= (constraints.maxLength ?? Int.max)
        }
        if let format = constraints.format, let text = FormatSampler.sample(format, using: &generator),
            fitsLength(text)
        {
            return text
        }
        if let pattern = constraints.patterns.first, let sampler = PatternSampler(pattern.source) {
            var text = ""
            for _ in 0..<8 {
                text = sampler.sample(using: &generator)
                if fitsLength(text) && constraints.patterns.allSatisfy({ $0.matches(text) }) { return text }
            }
            return text
        }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        let length = Int.random(in: low...high, using: &generator)
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
    }

    private func integer(_ constraints: SchemaConstraints, using generator: inout some RandomNumberGenerator) -> Int {
        let bounds = Self.integerBounds(constraints)
        var value = Int.random(in: bounds, using: &generator)
        // One time in five, a boundary: where off-by-one bugs live.
        if Int.random(in: 0..<5, using: &generator) == 0 {
            value = Bool.random(using: &generator) ? bounds.lowerBound : bounds.upperBound
        }
        if let step = constraints.multipleOf, step >= 1, step.rounded() == step {
            let divisor = Int(step)
            value = (value / divisor) * divisor
            if !bounds.contains(value) { value += divisor }
        }
        return value
    }

    /// The integers `minimum`/`maximum` allow, capped to a range that prints readably and cannot overflow.
    static func integerBounds(_ constraints: SchemaConstraints) -> ClosedRange<Int> {
        let cap = 1_000_000_000.0
        var low = constraints.minimum.map {
            $0.rounded(.up) + (constraints.exclusiveMinimum && $0.rounded() == $0 ? 1 : 0)
        }
        var high = constraints.maximum.map {
            $0.rounded(.down) - (constraints.exclusiveMaximum && $0.rounded() == $0 ? 1 : 0)
        }
        low = low.map { max(-cap, min(cap, $0)) }
        high = high.map { max(-cap, min(cap, $0)) }
        let lower = Int(low ?? min(0, (high ?? 1000) - 1000))
        let upper = Int(high ?? max(Double(lower) + 1000, 1000))
        return lower...max(lower, upper)
    }

    private func number(_ constraints: SchemaConstraints, using generator: inout some RandomNumberGenerator) -> Double {
        let bounds = Self.integerBounds(constraints)
        let value =
            Double(Int.random(in: bounds, using: &generator)) + (bounds.lowerBound < bounds.upperBound ? 0.5 : 0)
        return min(value, Double(bounds.upperBound))
    }

    private func complete(
        _ partial: JSONValue, node: Int, depth: Int, using generator: inout some RandomNumberGenerator
    ) -> JSONValue {
        guard case .object(let given) = partial, depth < SchemaConstraints.maxHops else { return partial }
        let constraints = self.constraints(node, choosing: partial, using: &generator)
        var members = given.members.map { member -> JSONObject.Member in
            guard let child = constraints.node(forProperty: member.key) else { return member }
            return .init(
                key: member.key, value: self.complete(member.value, node: child, depth: depth + 1, using: &generator))
        }
        for name in constraints.required where given[name] == nil {
            let value = constraints.node(forProperty: name).map {
                self.value(for: $0, depth: depth + 1, using: &generator)
            }
            members.append(.init(key: name, value: value ?? .string(name)))
        }
        return .object(JSONObject(members))
    }
}

extension ProtocolMessage {
    /// A generator of valid instances of this message.
    public func instanceGenerator(options: InstanceGenerator.Options = .init()) -> InstanceGenerator {
        InstanceGenerator(validator: self.validator, options: options)
    }
}
