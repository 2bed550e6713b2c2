/// One reason an instance failed its schema, located three ways so a user (or a report) can find it:
/// where in the message, which keyword on the evaluation path, and which keyword in which schema document.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON Pointer into the instance (e.g. `/payload/items/3`).
    public let instanceLocation: String
    /// JSON Pointer of the failing keyword along the evaluation path, through `$ref`s (e.g. `/properties/a/$ref/type`).
    public let keywordLocation: String
    /// The failing keyword's absolute URI in its schema resource (e.g. `https://x/msg.json#/$defs/Ack/type`).
    public let absoluteKeywordLocation: String
    /// The keyword that failed, e.g. `required` or `discriminator`.
    public let keyword: String
    /// A readable explanation.
    public let message: String

    public init(
        instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String, keyword: String,
        message: String
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
    }

    public var description: String {
        let place = self.instanceLocation.isEmpty ? "(root)" : self.instanceLocation
        return "\(place): \(self.message) [\(self.keywordLocation.isEmpty ? "/" : self.keywordLocation)]"
    }
}

/// The verdict of validating one instance: valid, or the errors that explain why not.
public struct ValidationResult: Sendable, Equatable {
    public let errors: [ValidationError]

    public init(errors: [ValidationError]) {
        self.errors = errors
    }

    /// True when no error was found.
    public var isValid: Bool { self.errors.isEmpty }
}

/// Which members of an object (or items of an array) some keyword has evaluated, by position.
/// `unevaluatedProperties` and `unevaluatedItems` apply to the rest (JSON Schema Core §11).
struct EvaluatedSet {
    var all = false
    var positions: Set<Int> = []

    func contains(_ position: Int) -> Bool {
        self.all || self.positions.contains(position)
    }

    mutating func insert(_ position: Int) {
        self.positions.insert(position)
    }

    mutating func merge(_ other: EvaluatedSet) {
        if other.all {
            self.all = true
        } else if !other.positions.isEmpty {
            self.positions.formUnion(other.positions)
        }
    }
}
