import Foundation
import MessageSchema

/// Reads `gauntlet.yaml` (version 1) into a `RunConfig`, checking every key and type with the scenario loader's
/// located errors, so a typo is `gauntlet.yaml:12:5: unknown key 'exlude-cases'; did you mean 'exclude-cases'?`
/// instead of a setting silently ignored in CI. Autobahn's `fuzzingclient.json` is recognised and read too.
public struct RunConfigLoader: Sendable {
    public static let topLevelKeys = [
        "version", "protocol", "scenarios", "cases", "exclude-cases", "jobs", "timeout-scale", "reports", "baseline",
        "gate", "targets",
    ]
    /// The folder under the reports directory the comparison goes to, so no target may be called that.
    public static let comparisonFolder = "compare"
    public static let targetKeys = [
        "name", "url", "launch", "env", "ready-timeout", "cwd", "cases", "exclude-cases", "jobs",
        "timeout-scale",
    ]

    /// The environment `${env.NAME}` in `url`, `launch`, `env` and `cwd` reads from.
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Loads `path`, as a `gauntlet.yaml` or, when it has Autobahn's `servers` list, as a `fuzzingclient.json`.
    public func load(path: String) throws(ScenarioLoadError) -> RunConfig {
        let document = try SourceDocument.load(path: path)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try self.load(document, folder: folder)
    }

    /// Loads a document already parsed; relative paths resolve against `folder`.
    public func load(_ document: SourceDocument, folder: String) throws(ScenarioLoadError) -> RunConfig {
        if document.value.objectValue?["servers"] != nil, document.value.objectValue?["version"] == nil {
            return try FuzzingClientConfigReader(document: document, folder: folder).read()
        }
        let root = ScenarioNode(document: document, pointer: JSONPointer(), value: document.value)
        try root.allowKeys(Self.topLevelKeys)
        let version = try root.required("version")
        guard try version.integer() == 1 else {
            throw version.error("version must be 1, the only config format this gauntlet reads")
        }
        var config = RunConfig(path: document.path, folder: folder, kind: .gauntlet)
        config.protocolPath = try root.optional("protocol").map { node throws(ScenarioLoadError) in
            Self.resolve(try node.string(), in: folder)
        }
        config.scenarios = try Self.patterns(root.optional("scenarios")).map { Self.resolve($0, in: folder) }
        config.cases = try root.optional("cases").map { node throws(ScenarioLoadError) in try Self.patterns(node) }
        config.excludeCases = try Self.patterns(root.optional("exclude-cases"))
        config.jobs = try Self.jobs(root)
        config.timeoutScale = try Self.timeoutScale(root)
        try self.readReports(root, into: &config)
        config.baseline = try root.optional("baseline").map { node throws(ScenarioLoadError) in
            Self.resolve(try node.string(), in: folder)
        }
        try self.readGate(root, into: &config)
        let targets = try root.required("targets")
        var names: Set<String> = []
        for entry in try targets.array() {
            let target = try self.target(entry, folder: folder)
            guard names.insert(target.name).inserted else {
                throw entry.child("name").error("target name '\(target.name)' is used twice; names must be unique")
            }
            config.targets.append(target)
        }
        guard !config.targets.isEmpty else { throw targets.error("targets must list at least one server") }
        config.secrets = Self.environmentValues(in: document.value, environment: self.environment)
        return config
    }

    private func readReports(_ root: ScenarioNode, into config: inout RunConfig) throws(ScenarioLoadError) {
        guard let reports = try root.optional("reports") else { return }
        try reports.allowKeys(["dir", "formats"])
        config.reportDirectory = try reports.optional("dir").map { node throws(ScenarioLoadError) in
            Self.resolve(try node.string(), in: config.folder)
        }
        if let formats = try reports.optional("formats") {
            config.formats = try Self.patterns(formats)
            config.locations["reports.formats"] = formats.location
        }
    }

    private func readGate(_ root: ScenarioNode, into config: inout RunConfig) throws(ScenarioLoadError) {
        guard let gate = try root.optional("gate") else { return }
        try gate.allowKeys(["strict", "allow", "fail-on"])
        if let strict = try gate.optional("strict") {
            guard case .bool(let flag) = strict.value else {
                throw strict.error("strict must be true or false, not \(strict.plainType)")
            }
            config.strict = flag
        }
        for key in ["allow", "fail-on"] {
            guard let node = try gate.optional(key) else { continue }
            let names = try Self.patterns(node)
            if key == "allow" { config.allow = names } else { config.failOn = names }
            config.locations["gate.\(key)"] = node.location
        }
    }

    private func target(_ entry: ScenarioNode, folder: String) throws(ScenarioLoadError) -> RunConfig.TargetEntry {
        try entry.allowKeys(Self.targetKeys)
        let name = try entry.required("name").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw entry.child("name").error(
                "a target name is letters, digits, '-', '_' or '.' (it names the report folder), not '\(name)'")
        }
        guard name != Self.comparisonFolder else {
            throw entry.child("name").error("'\(name)' is reserved: the comparison of all targets is written there")
        }
        let urlNode = try entry.required("url")
        let url = try self.expanded(urlNode)
        let launch = try entry.optional("launch").map { node throws(ScenarioLoadError) in try self.expanded(node) }
        if url.contains("{port}"), launch == nil {
            throw urlNode.error("url uses {port}, which only a launched target has; add launch or give a port")
        }
        do {
            _ = try Target(url: url.replacingOccurrences(of: "{port}", with: "1"))
        } catch {
            throw urlNode.error(error.description)
        }
        var target = RunConfig.TargetEntry(
            name: name, url: url, launch: launch, workingDirectory: folder, location: entry.location)
        if let env = try entry.optional("env") {
            for member in try env.object() {
                target.environment[member.key] = try self.expanded(env.child(member.key))
            }
        }
        if let timeout = try entry.optional("ready-timeout") {
            target.readyTimeout = try timeout.duration()
        }
        if let cwd = try entry.optional("cwd") {
            target.workingDirectory = Self.resolve(try self.expanded(cwd), in: folder)
        }
        target.cases = try entry.optional("cases").map { node throws(ScenarioLoadError) in try Self.patterns(node) }
        target.excludeCases = try Self.patterns(entry.optional("exclude-cases"))
        target.jobs = try Self.jobs(entry)
        target.timeoutScale = try Self.timeoutScale(entry)
        return target
    }

    /// `jobs` of a mapping (the file's or a target's), bounded.
    static func jobs(_ node: ScenarioNode) throws(ScenarioLoadError) -> Int? {
        guard let jobs = try node.optional("jobs") else { return nil }
        let count = try jobs.integer()
        guard (1...1024).contains(count) else { throw jobs.error("jobs must be from 1 to 1024") }
        return count
    }

    /// `timeout-scale` of a mapping (the file's or a target's), bounded.
    static func timeoutScale(_ node: ScenarioNode) throws(ScenarioLoadError) -> Double? {
        guard let scale = try node.optional("timeout-scale") else { return nil }
        guard let factor = scale.value.doubleValue, factor > 0, factor <= 1000 else {
            throw scale.error("timeout-scale must be a number above 0 and at most 1000, not \(scale.plainType)")
        }
        return factor
    }

    /// The node's text with every `${env.NAME}` replaced, so a CI secret or a staging URL stays out of the file.
    /// A variable that is not set is an error at the value's position.
    func expanded(_ node: ScenarioNode) throws(ScenarioLoadError) -> String {
        let text = try node.string()
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${env.") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw node.error("unterminated ${env. in \(node.keyName)")
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = self.environment[name] else {
                throw node.error("the environment variable \(name) is not set (used in \(node.keyName))")
            }
            output += value
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// The values of every `${env.NAME}` the document uses (at least 4 characters; shorter ones are no secrets).
    static func environmentValues(in value: JSONValue, environment: [String: String]) -> Set<String> {
        switch value {
        case .string(let text):
            var found: Set<String> = []
            var rest = Substring(text)
            while let open = rest.range(of: "${env."), let close = rest[open.upperBound...].firstIndex(of: "}") {
                if let secret = environment[String(rest[open.upperBound..<close])], secret.count >= 4 {
                    found.insert(secret)
                }
                rest = rest[rest.index(after: close)...]
            }
            return found
        case .array(let items):
            return items.reduce(into: []) { $0.formUnion(Self.environmentValues(in: $1, environment: environment)) }
        case .object(let object):
            return object.reduce(into: []) {
                $0.formUnion(Self.environmentValues(in: $1.value, environment: environment))
            }
        default:
            return []
        }
    }

    /// A list of strings, or one comma-separated string (as on the command line).
    static func patterns(_ node: ScenarioNode?) throws(ScenarioLoadError) -> [String] {
        guard let node else { return [] }
        if case .string(let text) = node.value { return CaseFilter.patterns(text) }
        var patterns: [String] = []
        for item in try node.array() { patterns.append(try item.string()) }
        return patterns
    }

    /// `path` unchanged when absolute, otherwise inside `folder`.
    static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : (folder.hasSuffix("/") ? folder : folder + "/") + path
    }
}
