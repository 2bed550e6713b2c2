/// A JSON Schema (draft 2020-12 or draft-07) compiled once into a reusable, thread-safe validator.
/// The harness compiles each message schema at load time and validates every frame's payload against it.
public struct JSONSchemaValidator: Sendable {
    /// How a schema is compiled and evaluated.
    public struct Options: Sendable {
        /// The dialect for schemas without `$schema`.
        public var defaultDialect: SchemaDialect
        /// When true, `format` asserts (date-time, email, uri, ...); by default it is only an annotation.
        public var formatAssertion: Bool
        /// The deepest chain of nested schema evaluations allowed, which bounds reference cycles.
        public var maxEvaluationDepth: Int

        public init(
            defaultDialect: SchemaDialect = .draft2020_12, formatAssertion: Bool = false, maxEvaluationDepth: Int = 512
        ) {
            self.defaultDialect = defaultDialect
            self.formatAssertion = formatAssertion
            self.maxEvaluationDepth = maxEvaluationDepth
        }
    }

    /// The URI a schema without `$id` is known by.
    public static let defaultURI = "urn:gauntlet:schema"

    let graph: SchemaGraph
    public let options: Options

    /// Compiles `schema`, resolving every reference now: locally, or to a document in `registry`.
    public init(
        schema: JSONValue, uri: String = JSONSchemaValidator.defaultURI, registry: SchemaRegistry = SchemaRegistry(),
        options: Options = Options()
    ) throws(SchemaCompileError) {
        self.options = options
        self.graph = try SchemaCompiler.compile(
            schema, uri: URIReference(uri), registry: registry, defaultDialect: options.defaultDialect,
            formatAssertion: options.formatAssertion)
    }

    /// Parses and compiles schema text.
    public init(schemaText: String, registry: SchemaRegistry = SchemaRegistry(), options: Options = Options()) throws {
        try self.init(schema: try JSONParser.parse(schemaText), registry: registry, options: options)
    }

    /// Validates `instance` and explains every failure.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = SchemaEvaluator(graph: self.graph, collecting: true, maxDepth: self.options.maxEvaluationDepth)
        var evaluated = EvaluatedSet()
        _ = evaluator.evaluate(self.graph.root, instance, &evaluated)
        return ValidationResult(errors: evaluator.errors)
    }

    /// The fast path: stops at the first failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = SchemaEvaluator(graph: self.graph, collecting: false, maxDepth: self.options.maxEvaluationDepth)
        var evaluated = EvaluatedSet()
        return evaluator.evaluate(self.graph.root, instance, &evaluated)
    }
}
