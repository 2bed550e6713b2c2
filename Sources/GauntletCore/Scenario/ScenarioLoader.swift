import Foundation
import MessageSchema

/// Turns a scenario YAML (or JSON) file into a `Case` with id `S.<name>`, checking every key and type on the way so
/// a mistake is reported as `file:line:column` with the key at fault, never as a crash at run time.
public struct ScenarioLoader: Sendable {
    /// The protocol endpoint scenarios talk to; nil loads them without message names or built-in checks.
    public var endpoint: ProtocolEndpoint?
    /// The protocol's auth strategy, which `connect: {auth: ...}` follows.
    public var auth: AuthStrategy

    public init(endpoint: ProtocolEndpoint?, auth: AuthStrategy = .none) {
        self.endpoint = endpoint
        self.auth = auth
    }

    /// Loads one file.
    public func load(path: String) throws(ScenarioLoadError) -> Case {
        try self.load(SourceDocument.load(path: path))
    }

    /// Loads an already parsed document (tests use it on text in memory).
    public func load(_ document: SourceDocument) throws(ScenarioLoadError) -> Case {
        let root = ScenarioNode(document: document, pointer: JSONPointer(), value: document.value)
        try root.allowKeys(["name", "description", "path", "steps"])
        let name = try root.required("name").string()
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !name.isEmpty else {
            throw root.child("name").error(
                "name must be letters, digits, '-' or '_' (it becomes the case id S.\(name))")
        }
        let description = try root.optional("description")?.string() ?? name
        let path = try root.optional("path")?.string() ?? self.endpoint?.path ?? "/"
        let stepsNode = try root.required("steps")
        var steps: [ScenarioStep] = []
        for stepNode in try stepsNode.array() {
            steps += try ScenarioStepReader(
                node: stepNode, defaultPath: path, endpoint: self.endpoint, auth: self.auth
            ).read()
            guard steps.count <= ScenarioStepReader.maxSteps else {
                throw stepNode.error("the scenario expands to more than \(ScenarioStepReader.maxSteps) steps")
            }
        }
        guard !steps.isEmpty else { throw stepsNode.error("steps must list at least one step") }
        let script = ScenarioScript(
            name: name, source: root.location, endpoint: self.endpoint, steps: steps)
        var testCase = Case(
            id: CaseID("S.\(name)"),
            description: description,
            expectation: "Every step of \(document.path) is met and every server message passes the protocol's checks",
            rule: "Scenario \(name) (\(document.path))",
            steps: [],
            outcomes: [],
            close: .normal
        )
        testCase.scenario = script
        return testCase
    }
}

/// A position in a scenario document: its value plus the helpers that read it with precise errors.
struct ScenarioNode {
    let document: SourceDocument
    let pointer: JSONPointer
    let value: JSONValue

    var location: String {
        "\(self.document.path):\(self.document.position(of: self.pointer))"
    }

    func error(_ message: String) -> ScenarioLoadError {
        ScenarioLoadError(
            file: self.document.path, position: self.document.position(of: self.pointer), message: message)
    }

    func child(_ key: String) -> ScenarioNode {
        let value = self.value.objectValue?[key] ?? .null
        return ScenarioNode(document: self.document, pointer: self.pointer.appending(key), value: value)
    }

    var keyName: String { self.pointer.tokens.last ?? "the document" }

    func object() throws(ScenarioLoadError) -> JSONObject {
        guard let object = self.value.objectValue else {
            throw self.error("\(self.keyName) must be a mapping (key: value), not \(self.plainType)")
        }
        return object
    }

    func allowKeys(_ allowed: [String]) throws(ScenarioLoadError) {
        for key in try self.object().keys where !allowed.contains(key) {
            var message = "unknown key '\(key)'"
            if let near = ScenarioLoadError.nearest(key, in: allowed) { message += "; did you mean '\(near)'?" }
            message += " (allowed: \(allowed.joined(separator: ", ")))"
            throw self.child(key).error(message)
        }
    }

    func required(_ key: String) throws(ScenarioLoadError) -> ScenarioNode {
        guard try self.object()[key] != nil else { throw self.error("missing required key '\(key)'") }
        return self.child(key)
    }

    func optional(_ key: String) throws(ScenarioLoadError) -> ScenarioNode? {
        try self.object()[key] == nil ? nil : self.child(key)
    }

    func string() throws(ScenarioLoadError) -> String {
        switch self.value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return String(flag)
        default: throw self.error("\(self.keyName) must be text, not \(self.plainType)")
        }
    }

    func integer() throws(ScenarioLoadError) -> Int {
        guard case .integer(let number) = self.value else {
            throw self.error("\(self.keyName) must be a whole number, not \(self.plainType)")
        }
        return number
    }

    func array() throws(ScenarioLoadError) -> [ScenarioNode] {
        guard let items = self.value.arrayValue else {
            throw self.error("\(self.keyName) must be a list, not \(self.plainType)")
        }
        return items.indices.map {
            ScenarioNode(document: self.document, pointer: self.pointer.appending(String($0)), value: items[$0])
        }
    }

    /// Seconds as a number (`0.5`) or text with a unit (`500ms`, `2s`), bounded to an hour.
    func duration() throws(ScenarioLoadError) -> Duration {
        var seconds: Double?
        switch self.value {
        case .integer(let number): seconds = Double(number)
        case .number(let number): seconds = number
        case .string(let text) where text.hasSuffix("ms"): seconds = Double(text.dropLast(2)).map { $0 / 1000 }
        case .string(let text) where text.hasSuffix("s"): seconds = Double(text.dropLast())
        default: seconds = nil
        }
        guard let seconds, seconds >= 0, seconds <= 3600 else {
            throw self.error("\(self.keyName) must be a duration such as 2, 0.5, \"500ms\" or \"2s\" (at most 1 hour)")
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }

    /// Pairs of a string-valued mapping, in file order.
    func stringPairs() throws(ScenarioLoadError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for member in try self.object() {
            pairs.append((member.key, try self.child(member.key).string()))
        }
        return pairs
    }

    var plainType: String {
        switch self.value {
        case .null: "nothing"
        case .bool: "true/false"
        case .integer, .bigInteger, .number: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
