/// The documents remote `$ref`s may resolve to. Validation never touches the network: a reference resolves
/// only to a document registered here (the standard metaschemas are always present).
public struct SchemaRegistry: Sendable {
    /// Documents by absolute URI without fragment.
    private(set) var documents: [String: JSONValue]

    /// A registry holding only the built-in draft 2020-12 and draft-07 metaschemas.
    public init() {
        self.documents = BuiltInMetaschemas.documents
    }

    /// Registers `document` under `uri` (its retrieval URI); embedded `$id`s are found when it is first used.
    public mutating func register(_ document: JSONValue, uri: String) {
        self.documents[URIReference(uri).withoutFragment.description] = document
    }

    /// Registers `document` under its own top-level `$id`.
    public mutating func register(_ document: JSONValue) throws(SchemaCompileError) {
        guard let id = document["$id"]?.stringValue ?? document["id"]?.stringValue else {
            throw SchemaCompileError(
                code: .invalidSchema, location: "", message: "the document has no $id to register it under")
        }
        self.register(document, uri: id)
    }

    /// The document registered under `uri` (fragment ignored).
    public func document(for uri: String) -> JSONValue? {
        self.documents[URIReference(uri).withoutFragment.description]
    }

    /// Every registered URI, sorted for deterministic scanning.
    var sortedURIs: [String] { self.documents.keys.sorted() }
}

/// Why a schema could not be compiled: an unresolvable reference, a malformed keyword or an invalid regex.
/// It names the schema location so `schema check` can point at it.
public struct SchemaCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of the failure, as an open set of values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String

        public init(_ name: String) {
            self.name = name
        }

        public var description: String { self.name }

        public static let unresolvableReference = Code("unresolvableReference")
        public static let invalidSchema = Code("invalidSchema")
        public static let invalidPattern = Code("invalidPattern")
        public static let invalidDiscriminator = Code("invalidDiscriminator")
    }

    public let code: Code
    /// Absolute location (URI with JSON Pointer fragment) of the offending schema keyword.
    public let location: String
    public let message: String

    public init(code: Code, location: String, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(self.location): \(self.message)" }
}
