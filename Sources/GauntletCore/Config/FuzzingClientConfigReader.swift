import Foundation
import MessageSchema

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads Autobahn|Testsuite's `fuzzingclient.json` into the same `RunConfig` a `gauntlet.yaml` gives, so a team
/// moving from `wstest -m fuzzingclient` keeps its file as it is.
///
/// `servers` become targets, `cases` and `exclude-cases` keep Autobahn's wildcard patterns (which `CaseFilter`
/// reads the same way), `exclude-agent-cases` becomes per-target exclusions, and `outdir` receives an
/// Autobahn-compatible `index.json`. Keys with no meaning here (`options`, `enable-ssl`, ...) are warnings, never
/// errors, because real files carry them.
struct FuzzingClientConfigReader {
    static let knownKeys = ["servers", "cases", "exclude-cases", "exclude-agent-cases", "outdir"]
    let document: SourceDocument
    let folder: String

    func read() throws(ScenarioLoadError) -> RunConfig {
        let root = ScenarioNode(document: self.document, pointer: JSONPointer(), value: self.document.value)
        var config = RunConfig(path: self.document.path, folder: self.folder, kind: .autobahnFuzzingClient)
        for key in try root.object().keys where !Self.knownKeys.contains(key) {
            var message = "\(root.child(key).location): '\(key)' has no effect in gauntlet and is ignored"
            if let near = ScenarioLoadError.nearest(key, in: Self.knownKeys) { message += " (did you mean '\(near)'?)" }
            config.warnings.append(message)
        }
        config.cases = try root.optional("cases").map { node throws(ScenarioLoadError) in
            try RunConfigLoader.patterns(node)
        }
        config.excludeCases = try RunConfigLoader.patterns(root.optional("exclude-cases"))
        let outdir = try root.optional("outdir")?.string() ?? "./reports/servers"
        let directory = RunConfigLoader.resolve(outdir, in: self.folder)
        config.reportDirectory = directory
        config.autobahnDirectory = directory
        let agentExclusions = try self.agentExclusions(root)
        let servers = try root.required("servers")
        var names: Set<String> = []
        for entry in try servers.array() {
            let target = try self.server(entry, warnings: &config.warnings)
            guard names.insert(target.name).inserted else {
                throw entry.child("agent").error("agent '\(target.name)' is listed twice; agents must be unique")
            }
            var withExclusions = target
            for (pattern, cases) in agentExclusions where fnmatch(pattern, target.name, 0) == 0 {
                withExclusions.excludeCases += cases
            }
            config.targets.append(withExclusions)
        }
        guard !config.targets.isEmpty else { throw servers.error("servers must list at least one server") }
        return config
    }

    private func server(
        _ entry: ScenarioNode, warnings: inout [String]
    ) throws(ScenarioLoadError) -> RunConfig.TargetEntry {
        for key in try entry.object().keys where !["agent", "url", "options"].contains(key) {
            warnings.append("\(entry.child(key).location): '\(key)' has no effect in gauntlet and is ignored")
        }
        if try entry.optional("options") != nil {
            warnings.append("\(entry.child("options").location): server options are Autobahn's and are ignored")
        }
        let agent = try entry.required("agent").string()
        // Any name Autobahn took is kept (reports use it as written; its folder name is made safe).
        guard !agent.trimmingCharacters(in: .whitespaces).isEmpty, agent != RunConfigLoader.comparisonFolder else {
            throw entry.child("agent").error(
                "agent must be a non-empty name other than '\(RunConfigLoader.comparisonFolder)' (where the comparison goes)"
            )
        }
        let urlNode = try entry.required("url")
        let url = try urlNode.string()
        do {
            _ = try Target(url: url)
        } catch {
            throw urlNode.error(error.description)
        }
        return RunConfig.TargetEntry(name: agent, url: url, workingDirectory: self.folder, location: entry.location)
    }

    /// `{"agent-pattern": ["case patterns"]}`, in file order.
    private func agentExclusions(_ root: ScenarioNode) throws(ScenarioLoadError) -> [(String, [String])] {
        guard let node = try root.optional("exclude-agent-cases") else { return [] }
        var pairs: [(String, [String])] = []
        for member in try node.object() {
            pairs.append((member.key, try RunConfigLoader.patterns(node.child(member.key))))
        }
        return pairs
    }
}
