/// A whole test run written down once (`gauntlet.yaml`, or Autobahn's `fuzzingclient.json`): which servers to test,
/// how to start them, what to run against them and where the reports go.
///
/// A team commits it beside its servers so CI, a laptop and a colleague run the same thing with one command,
/// `gauntlet run --config gauntlet.yaml`. Every path in it is already resolved against the config file's folder;
/// values left out are nil, so command-line options can override exactly what was given and defaults fill the rest.
public struct RunConfig: Sendable {
    /// Which kind of file the run was read from; Autobahn files get Autobahn-style output in `outdir` too.
    public enum Kind: Sendable, Hashable {
        case gauntlet
        case autobahnFuzzingClient
    }

    /// One server to test: already running at `url`, or started with `launch` for the run.
    public struct TargetEntry: Sendable {
        /// The name in reports and the folder under the reports directory.
        public var name: String
        /// `ws://...`; `{port}` stands for the port gauntlet picks when it launches the server.
        public var url: String
        /// A shell command that starts the server; `{port}` and `{gauntlet}` are replaced. Nil: already running.
        public var launch: String?
        public var environment: [String: String]
        /// How long a launched server may take to accept TCP connections.
        public var readyTimeout: Duration
        /// The folder `launch` runs in: the config file's folder unless `cwd` says otherwise.
        public var workingDirectory: String
        /// Case patterns to run against this target instead of the file's `cases` (e.g. only the RFC catalogue on
        /// a plain echo server); nil keeps the file's.
        public var cases: [String]?
        /// This target's own `jobs` and `timeout-scale` (a slow runtime); nil keeps the file's.
        public var jobs: Int?
        public var timeoutScale: Double?
        /// Case patterns never run against this target (known crashers, unsupported features).
        public var excludeCases: [String]
        /// `file:line:column` of the entry, for messages about it.
        public var location: String

        public init(
            name: String, url: String, launch: String? = nil, environment: [String: String] = [:],
            readyTimeout: Duration = .seconds(30), workingDirectory: String, excludeCases: [String] = [],
            location: String
        ) {
            self.name = name
            self.url = url
            self.launch = launch
            self.environment = environment
            self.readyTimeout = readyTimeout
            self.workingDirectory = workingDirectory
            self.excludeCases = excludeCases
            self.cases = nil
            self.jobs = nil
            self.timeoutScale = nil
            self.location = location
        }

        /// Whether `url` waits for the port a launch picks.
        public var usesChosenPort: Bool {
            self.url.contains("{port}") || (self.launch?.contains("{port}") ?? false)
        }
    }

    /// The file it was read from, as the user named it.
    public var path: String
    /// The folder relative paths in the file are resolved against.
    public var folder: String
    public var kind: Kind
    public var protocolPath: String?
    /// Scenario files, folders or globs, resolved against `folder`.
    public var scenarios: [String] = []
    /// Case patterns to run (`run --cases`); nil when the file does not say.
    public var cases: [String]?
    public var excludeCases: [String] = []
    public var jobs: Int?
    public var timeoutScale: Double?
    /// The reports root; each target writes `<dir>/<name>/`, the comparison `<dir>/compare/`.
    public var reportDirectory: String?
    /// Format names as written (`json`, `junit`, ...); checked by the command that writes them.
    public var formats: [String]?
    /// A baseline path; `{target}` stands for the target's name.
    public var baseline: String?
    public var strict: Bool?
    public var allow: [String]?
    public var failOn: [String]?
    public var targets: [TargetEntry] = []
    /// Autobahn's `outdir`: where an Autobahn-compatible `index.json` and per-case files go.
    public var autobahnDirectory: String?
    /// Values `${env.NAME}` put into the file (tokens in a URL, keys in a target's env): redacted from every report
    /// and from the saved server logs.
    public var secrets: Set<String> = []
    /// Keys that were read but have no effect (Autobahn's `options`, unknown keys of a fuzzingclient.json).
    public var warnings: [String] = []
    /// `file:line:column` of keys whose values are checked later (`reports.formats`, `gate.allow`, ...), so a
    /// wrong value is still reported at its place in the file.
    public var locations: [String: String] = [:]

    public init(path: String, folder: String, kind: Kind) {
        self.path = path
        self.folder = folder
        self.kind = kind
    }

    /// Where `key` (dotted, e.g. `gate.allow`) is in the file, or the file itself.
    public func location(of key: String) -> String {
        self.locations[key] ?? self.path
    }

    /// The baseline for `target`, `{target}` replaced; nil when the config names none.
    public func baselinePath(for target: String) -> String? {
        self.baseline?.replacingOccurrences(of: "{target}", with: target)
    }

    /// Whether the baseline path differs per target, in which case a target without its file is judged by the
    /// plain gate (a new runtime has no accepted results yet) instead of stopping the run.
    public var baselineIsPerTarget: Bool {
        self.baseline?.contains("{target}") ?? false
    }
}
