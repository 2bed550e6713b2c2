import Foundation
import MessageSchema

/// Finds and loads the official JSON-Schema-Test-Suite that sits beside the repository in `shared/data`.
/// The test file may be reached through a symlink, so both the literal and the resolved path are searched.
enum TestSuiteLocator {
    /// The suite's root directory, or nil when it is not checked out next to the repository.
    static let directory: URL? = {
        if let override = ProcessInfo.processInfo.environment["GAUNTLET_JSON_SCHEMA_SUITE"] {
            return URL(fileURLWithPath: override)
        }
        let file = URL(fileURLWithPath: #filePath)
        for start in [file, file.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent("shared/data/JSON-Schema-Test-Suite")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("tests").path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// True when the suite was found; conformance tests are skipped (not passed) otherwise.
    static var isAvailable: Bool { self.directory != nil }

    /// Every `remotes/` file, registered under its `http://localhost:1234/` URI as the suite requires.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry()
        guard let remotes = TestSuiteLocator.directory?.appendingPathComponent("remotes") else { return registry }
        let enumerator = FileManager.default.enumerator(at: remotes, includingPropertiesForKeys: nil)
        let prefix = remotes.standardizedFileURL.path
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "json", let document = TestSuiteLocator.load(url) else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(prefix.count + 1)
            registry.register(document, uri: "http://localhost:1234/" + relative)
        }
        return registry
    }()

    /// Parses a JSON file with our own parser (duplicates tolerated: the suite is input, not under test).
    static func load(_ url: URL) -> JSONValue? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        let parser = JSONParser(options: JSONParser.Options(maxDepth: 10_000, duplicateKeys: .keepLast))
        return try? parser.parse(Array(data))
    }

    /// The `.json` files directly inside `relativeDirectory` of the suite, sorted.
    static func files(in relativeDirectory: String) -> [URL] {
        guard let directory = self.directory?.appendingPathComponent(relativeDirectory) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
    }
}

/// The outcome of running one directory of suite files: counts and the descriptions of failures.
struct SuiteTally {
    var passed = 0
    var total = 0
    var failures: [String] = []
    var failuresByFile: [String: Int] = [:]

    /// Runs every test case of every file in `relativeDirectory`.
    static func run(_ relativeDirectory: String, dialect: SchemaDialect, formatAssertion: Bool) -> SuiteTally {
        var tally = SuiteTally()
        let options = JSONSchemaValidator.Options(defaultDialect: dialect, formatAssertion: formatAssertion)
        for file in TestSuiteLocator.files(in: relativeDirectory) {
            let name = file.lastPathComponent
            guard let groups = TestSuiteLocator.load(file)?.arrayValue else {
                tally.failures.append("\(name): cannot parse file")
                tally.failuresByFile[name, default: 0] += 1
                continue
            }
            for group in groups {
                tally.runGroup(group, file: name, options: options)
            }
        }
        return tally
    }

    mutating func runGroup(_ group: JSONValue, file: String, options: JSONSchemaValidator.Options) {
        let groupName = group["description"]?.stringValue ?? "?"
        let tests = group["tests"]?.arrayValue ?? []
        let validator: JSONSchemaValidator
        do {
            validator = try JSONSchemaValidator(
                schema: group["schema"] ?? .bool(true), registry: TestSuiteLocator.registry, options: options)
        } catch {
            self.total += tests.count
            self.failures.append("\(file) / \(groupName): compile error \(error)")
            self.failuresByFile[file, default: 0] += tests.count
            return
        }
        for test in tests {
            self.total += 1
            let expected = test["valid"]?.boolValue ?? false
            let data = test["data"] ?? .null
            let fast = validator.isValid(data)
            let full = validator.validate(data)
            if fast == expected && full.isValid == expected {
                self.passed += 1
            } else {
                let testName = test["description"]?.stringValue ?? "?"
                self.failures.append(
                    "\(file) / \(groupName) / \(testName): expected \(expected), got \(fast)/\(full.isValid) "
                        + "\(full.errors.first?.description ?? "")")
                self.failuresByFile[file, default: 0] += 1
            }
        }
    }
}
