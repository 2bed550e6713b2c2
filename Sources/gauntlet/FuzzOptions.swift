import ArgumentParser
import Foundation
import Fuzzing
import GauntletCore
import MessageSchema

/// The options of `gauntlet fuzz`, checked in `validate()` and turned into a `FuzzConfiguration`.
struct FuzzOptions: ParsableArguments {
    @Option(name: .long, help: "The protocol to fuzz (JSON Schema + sidecar, AsyncAPI or WebSocket API definition).")
    var `protocol`: String?

    @Option(name: .long, help: "frames, messages (needs --protocol) or all.")
    var mode: String = "all"

    @Option(name: .long, help: "The seed; the same seed against the same behaviour gives the same inputs.")
    var seed: UInt64?

    @Option(name: .long, help: "How long to fuzz, e.g. 60s, 5m, 500ms (default 60s unless --iterations).")
    var duration: String?

    @Option(name: .long, help: "How many inputs to run.")
    var iterations: Int?

    @Option(name: .long, help: "Inputs in flight at once, each on its own connection.")
    var jobs: Int = 8

    @Option(name: .long, help: "A corpus folder: seeds are read from it and novel inputs written to it.")
    var corpus: String?

    @Option(name: .long, help: "Start the target with this command; {port} becomes a free loopback port.")
    var launch: String?

    @Option(name: .long, help: "Where findings go: <findings>/<name>/findings/<id>/.")
    var findings: String = "reports/fuzz"

    @Option(name: .long, help: "A scenario whose steps open a valid session first (e.g. authenticate).")
    var prelude: String?

    @Option(name: .long, help: "Oracle settings for the protocol (YAML): disabled, error_message, allowed codes.")
    var oracles: String?

    @Option(name: .long, help: "The target's name in the findings folder (default: host_port, or the launched script).")
    var name: String?

    @Option(name: .customLong("reply-timeout"), help: "How long to wait for the answer to a request (default 1s).")
    var replyTimeout: String = "1s"

    @Option(name: .customLong("hang-timeout"), help: "No answer and no close for this long is a hang (default 2s).")
    var hangTimeout: String = "2s"

    @Option(name: .customLong("max-payload"), help: "The largest payload a generator builds, in bytes (default 1 MiB).")
    var maxPayload: Int = 1 << 20

    @Option(name: .customLong("minimize-budget"), help: "Test runs one minimization may spend (default 96).")
    var minimizeBudget: Int = 96

    @Flag(name: .customLong("allow-remote"), help: "Allow a target that is not on this machine.")
    var allowRemote = false

    func validate(url: String) throws {
        let target: Target
        do {
            target = try Self.target(url)
        } catch {
            throw ValidationError("\(error)")
        }
        if !target.isLoopback && !self.allowRemote {
            throw ValidationError("\(target.host) is not on this machine; fuzzing it needs --allow-remote")
        }
        if self.launch != nil && !target.isLoopback {
            throw ValidationError("--launch starts the server on 127.0.0.1; give a loopback URL")
        }
        guard InputGenerator.Mode(rawValue: self.mode) != nil else {
            throw ValidationError("--mode must be frames, messages or all")
        }
        if self.mode == "messages" && self.protocol == nil {
            throw ValidationError("--mode messages needs --protocol")
        }
        if let duration = self.duration, Self.duration(duration) == nil {
            throw ValidationError("--duration must be a time such as 60s, 5m or 500ms, not '\(duration)'")
        }
        for (flag, value) in [("--reply-timeout", self.replyTimeout), ("--hang-timeout", self.hangTimeout)]
        where Self.duration(value) == nil {
            throw ValidationError("\(flag) must be a time such as 2s or 500ms, not '\(value)'")
        }
        if let iterations = self.iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        guard (1...256).contains(self.jobs) else { throw ValidationError("--jobs must be from 1 to 256") }
        guard (16...(64 << 20)).contains(self.maxPayload) else {
            throw ValidationError("--max-payload must be from 16 bytes to 64 MiB")
        }
        guard (0...10_000).contains(self.minimizeBudget) else {
            throw ValidationError("--minimize-budget must be from 0 to 10000")
        }
    }

    /// `url`, with a `{port}` placeholder accepted (the launched server's port replaces it).
    static func target(_ url: String) throws(TargetError) -> Target {
        try Target(url: url.replacingOccurrences(of: "{port}", with: "1"))
    }

    /// `60s`, `500ms`, `5m`, `1h` or plain seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value * scale <= 86_400 * 7 else {
                return nil
            }
            return .milliseconds(Int64(value * scale * 1000))
        }
        return Double(text).flatMap { $0 >= 0 && $0 <= 86_400 * 7 ? .milliseconds(Int64($0 * 1000)) : nil }
    }

    /// Loads the protocol, prelude and oracle files; errors name file:line:column.
    func configuration(url: String) throws -> FuzzConfiguration {
        let target = try Self.target(url)
        var endpoint: EndpointCheck?
        if let path = self.protocol {
            let loaded = try ProtocolLoader().load(path: path).value
            let path = target.resource.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            if let chosen = loaded.endpoint(path: path) ?? loaded.endpoints.first {
                endpoint = EndpointCheck(endpoint: chosen)
            }
        }
        var oracles = OracleConfiguration.defaults(for: endpoint?.endpoint)
        if let path = self.oracles { oracles = try OracleConfiguration.load(path: path, base: oracles) }
        let prelude = try self.prelude.map { try ScenarioLoader(endpoint: endpoint?.endpoint).load(path: $0) }
        let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000_007
        let duration = self.duration.flatMap(Self.duration) ?? (self.iterations == nil ? .seconds(60) : nil)
        var configuration = FuzzConfiguration(
            target: target, targetName: self.name ?? Self.defaultName(target: target, launch: self.launch), seed: seed,
            iterations: self.iterations, duration: duration, jobs: self.jobs,
            mode: InputGenerator.Mode(rawValue: self.mode) ?? .all, endpoint: endpoint, oracles: oracles,
            prelude: prelude, corpusFolder: self.corpus, findingsRoot: self.findings,
            launch: self.launch.map { LaunchSpec(command: $0) })
        configuration.replyTimeout = Self.duration(self.replyTimeout) ?? .seconds(1)
        configuration.hangTimeout = Self.duration(self.hangTimeout) ?? .seconds(2)
        configuration.maxPayload = self.maxPayload
        configuration.minimizeBudget = self.minimizeBudget
        configuration.protocolPath = self.protocol
        configuration.preludePath = self.prelude
        configuration.oraclesPath = self.oracles
        return configuration
    }

    /// `host_port`, or for a launched target the name of the script it runs (its port changes every launch).
    static func defaultName(target: Target, launch: String?) -> String {
        guard let launch else { return "\(target.host)_\(target.port)" }
        let words = launch.split(separator: " ").map(String.init)
        let extensions = [".py", ".js", ".mjs", ".rb", ".sh", ".pl", ".go"]
        let script = words.first { word in extensions.contains { word.hasSuffix($0) } } ?? words.first ?? "target"
        let base = URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
        return base.isEmpty ? "target" : base
    }
}
