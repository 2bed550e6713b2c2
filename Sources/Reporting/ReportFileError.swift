import Foundation
import GauntletCore

/// A results, baseline or expected-results file that cannot be used, with where and why, so the fix is one
/// editor jump away: `reports/x/results.json:12:17: cases[3].verdict: "GOOD" is not a verdict`.
public struct ReportFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based; nil when the problem is with the file as a whole (missing, unreadable, too large).
    public var line: Int?
    public var column: Int?
    public var message: String

    init(path: String, position: JSONSourceLocator.Position?, message: String) {
        self.path = path
        self.line = position?.line
        self.column = position?.column
        self.message = message
    }

    public var description: String {
        guard let line = self.line, let column = self.column else { return "\(self.path): \(self.message)" }
        return "\(self.path):\(line):\(column): \(self.message)"
    }

    /// The file's bytes, refusing a missing, unreadable or oversized file with a clear message.
    static func readBounded(path: String, maxBytes: Int) throws(ReportFileError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ReportFileError(path: path, position: nil, message: exists ? "cannot be read" : "no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw ReportFileError(path: path, position: nil, message: "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw ReportFileError(path: path, position: nil, message: "is larger than the \(maxBytes)-byte limit")
        }
        return [UInt8](data)
    }

    /// Decodes `type`, turning syntax and decoding errors into positioned messages.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], path: String) throws(ReportFileError) -> T {
        if let (position, message) = JSONSourceLocator.syntaxError(in: bytes) {
            throw ReportFileError(path: path, position: position, message: "not valid JSON: \(message)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw self.positioned(error, bytes: bytes, path: path)
        } catch {
            throw ReportFileError(path: path, position: nil, message: "\(error)")
        }
    }

    private static func positioned(_ error: DecodingError, bytes: [UInt8], path: String) -> ReportFileError {
        let (codingPath, message): ([any CodingKey], String)
        switch error {
        case .keyNotFound(let key, let context):
            (codingPath, message) = (context.codingPath, "missing required member \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            (codingPath, message) = (context.codingPath, "expected \(Self.jsonKind(type))")
        case .valueNotFound(let type, let context):
            (codingPath, message) = (context.codingPath, "expected \(Self.jsonKind(type)), found null")
        case .dataCorrupted(let context):
            (codingPath, message) = (context.codingPath, Self.explained(context.debugDescription))
        @unknown default:
            (codingPath, message) = ([], "\(error)")
        }
        let components = codingPath.map { key -> JSONSourceLocator.Component in
            key.intValue.map { .index($0) } ?? .key(key.stringValue)
        }
        var position: JSONSourceLocator.Position?
        var prefix = components[...]
        while position == nil {
            position = JSONSourceLocator.locate(Array(prefix), in: bytes)
            if prefix.isEmpty { break }
            prefix = prefix.dropLast()
        }
        let location = Self.render(components)
        let text = location.isEmpty ? message : "\(location): \(message)"
        return ReportFileError(path: path, position: position, message: text)
    }

    /// Foundation's message, plus the values allowed when it rejected a verdict name.
    private static func explained(_ message: String) -> String {
        if message.hasPrefix("Cannot initialize Verdict ") {
            return message + "; verdicts are " + Verdict.allCases.map(\.rawValue).joined(separator: ", ")
        }
        if message.hasPrefix("Cannot initialize CloseVerdict ") {
            return message + "; close verdicts are " + CloseVerdict.allCases.map(\.rawValue).joined(separator: ", ")
        }
        return message
    }

    /// `cases[3].verdict`, the way a jq user would write the path.
    static func render(_ components: [JSONSourceLocator.Component]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    private static func jsonKind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type, is UInt16.Type, is Int64.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "a value of type \(type)"
        }
    }
}
