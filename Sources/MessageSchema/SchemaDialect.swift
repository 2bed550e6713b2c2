/// The JSON Schema draft a schema is written in; `$schema` picks it, and it decides which keywords mean what.
/// An open set of values so a later draft can be added without breaking switches in callers.
public struct SchemaDialect: Hashable, Sendable, CustomStringConvertible {
    /// The canonical `$schema` URI of the dialect.
    public let uri: String

    public init(uri: String) {
        self.uri = uri
    }

    public static let draft2020_12 = SchemaDialect(uri: "https://json-schema.org/draft/2020-12/schema")
    public static let draft7 = SchemaDialect(uri: "http://json-schema.org/draft-07/schema#")

    public var description: String { self.uri }

    /// True for draft-07, whose `$ref` hides its siblings and whose `$id` may carry a plain-name fragment.
    var isDraft7: Bool { self == .draft7 }

    /// The dialect a `$schema` value names, when it is one we implement (with or without a trailing `#`).
    static func known(_ uri: String) -> SchemaDialect? {
        let trimmed = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        switch trimmed {
        case "https://json-schema.org/draft/2020-12/schema": return .draft2020_12
        case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema": return .draft7
        default: return nil
        }
    }
}

/// The 2020-12 vocabularies a schema may switch on or off through its metaschema's `$vocabulary`.
/// Keywords of a vocabulary left out of the metaschema are ignored (JSON Schema Core §8.1.2).
struct SchemaVocabularies: OptionSet, Hashable, Sendable {
    let rawValue: Int

    static let core = SchemaVocabularies(rawValue: 1 << 0)
    static let applicator = SchemaVocabularies(rawValue: 1 << 1)
    static let unevaluated = SchemaVocabularies(rawValue: 1 << 2)
    static let validation = SchemaVocabularies(rawValue: 1 << 3)
    static let metaData = SchemaVocabularies(rawValue: 1 << 4)
    static let formatAnnotation = SchemaVocabularies(rawValue: 1 << 5)
    static let formatAssertion = SchemaVocabularies(rawValue: 1 << 6)
    static let content = SchemaVocabularies(rawValue: 1 << 7)

    /// Everything the standard 2020-12 metaschema turns on.
    static let standard: SchemaVocabularies = [
        .core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content,
    ]

    /// The vocabularies a metaschema's `$vocabulary` object lists; unknown URIs are ignored.
    static func from(vocabularyObject: JSONObject) -> SchemaVocabularies {
        var result: SchemaVocabularies = []
        let prefix = "https://json-schema.org/draft/2020-12/vocab/"
        for member in vocabularyObject where member.key.hasPrefix(prefix) {
            switch member.key.dropFirst(prefix.count) {
            case "core": result.insert(.core)
            case "applicator": result.insert(.applicator)
            case "unevaluated": result.insert(.unevaluated)
            case "validation": result.insert(.validation)
            case "meta-data": result.insert(.metaData)
            case "format-annotation": result.insert(.formatAnnotation)
            case "format-assertion": result.insert(.formatAssertion)
            case "content": result.insert(.content)
            default: break
            }
        }
        return result
    }
}

/// The dialect and vocabularies that govern one schema object.
struct SchemaRules: Hashable, Sendable {
    var dialect: SchemaDialect
    var vocabularies: SchemaVocabularies

    static func standard(_ dialect: SchemaDialect) -> SchemaRules {
        SchemaRules(dialect: dialect, vocabularies: .standard)
    }
}
