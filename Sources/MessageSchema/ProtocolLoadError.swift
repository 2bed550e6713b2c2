/// Why an input file (a protocol definition, a scenario) could not be loaded, located as `file:line:column` so
/// editors can jump to it. `schema check` and `scenario check` print these and exit 2; nothing on an input path
/// crashes instead.
public struct ProtocolLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public let file: String
    /// Where in the file, when known (a file that cannot be read has no position).
    public let position: SourcePosition?
    public let message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        guard let position = self.position else { return "\(self.file): \(self.message)" }
        return "\(self.file):\(position.line):\(position.column): \(self.message)"
    }
}

/// A finding of `schema check` that does not stop loading (an unused definition), or one that does (an error).
/// Loaders collect every finding instead of stopping at the first, so one run shows the user all of them.
public struct ProtocolDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious a finding is: errors make the definition unusable, warnings do not.
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public let severity: Severity
    public let file: String
    public let position: SourcePosition?
    public let message: String

    public init(severity: Severity, file: String, position: SourcePosition?, message: String) {
        self.severity = severity
        self.file = file
        self.position = position
        self.message = message
    }

    /// An error finding built from a load error.
    public init(_ error: ProtocolLoadError) {
        self.init(severity: .error, file: error.file, position: error.position, message: error.message)
    }

    public var description: String {
        let place = self.position.map { "\(self.file):\($0.line):\($0.column)" } ?? self.file
        return "\(place): \(self.severity.rawValue): \(self.message)"
    }
}

/// Thrown when a definition has errors: every error and warning found, in file order.
/// Callers print them all; `first` is what a one-line message shows.
public struct ProtocolLoadFailure: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [ProtocolDiagnostic]

    public init(diagnostics: [ProtocolDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Only the errors.
    public var errors: [ProtocolDiagnostic] { self.diagnostics.filter { $0.severity == .error } }

    public var description: String { self.diagnostics.map(\.description).joined(separator: "\n") }
}
