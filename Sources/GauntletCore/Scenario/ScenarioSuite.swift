import Foundation
import MessageSchema

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The scenarios of one run: files found from paths and globs, loaded against one protocol. Bad files are collected
/// as errors beside the good cases, so one typo never hides the rest of the suite.
public struct ScenarioSuite: Sendable {
    public var cases: [Case]
    public var errors: [ScenarioLoadError]

    /// Loads the protocol at `protocolPath` (nil: none) and every scenario file `patterns` name.
    public static func load(protocolPath: String?, patterns: [String]) -> ScenarioSuite {
        var endpoint: ProtocolEndpoint?
        var auth = AuthStrategy.none
        if let protocolPath {
            do {
                let loaded = try ProtocolLoader().load(path: protocolPath).value
                endpoint = loaded.endpoints.first
                auth = loaded.auth
            } catch {
                let error = ScenarioLoadError(file: protocolPath, position: nil, message: "\(error)")
                return ScenarioSuite(cases: [], errors: [error])
            }
        }
        let loader = ScenarioLoader(endpoint: endpoint, auth: auth)
        var suite = ScenarioSuite(cases: [], errors: [])
        var seen: Set<CaseID> = []
        for path in patterns.flatMap(Self.expand) {
            do {
                let testCase = try loader.load(path: path)
                guard seen.insert(testCase.id).inserted else {
                    let message = "scenario name \(testCase.scenario?.name ?? "") is used by another file"
                    suite.errors.append(ScenarioLoadError(file: path, position: nil, message: message))
                    continue
                }
                suite.cases.append(testCase)
            } catch {
                suite.errors.append(error)
            }
        }
        suite.cases.sort { $0.id < $1.id }
        return suite
    }

    /// A file, a folder (its `*.yaml`/`*.yml` files) or a glob in the last path component, sorted.
    static func expand(_ pattern: String) -> [String] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: pattern, isDirectory: &isFolder) {
            return isFolder.boolValue ? Self.expand(pattern + "/*.y*ml") : [pattern]
        }
        let url = URL(fileURLWithPath: pattern)
        let folder = url.deletingLastPathComponent().path
        let glob = url.lastPathComponent
        let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { fnmatch(glob, $0, 0) == 0 }.sorted().map { folder + "/" + $0 }
            .filter { !$0.hasSuffix(".asyncapi.yaml") && !$0.contains("/protocol.") }
    }
}
