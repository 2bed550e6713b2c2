import Foundation

/// A place in a source file, so every load error can be reported as `file:line:column`.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars.
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(self.line):\(self.column)" }
}

/// A JSON or YAML file read into a `JSONValue`, with the position of every value by JSON Pointer.
/// Loaders keep it so that a problem found deep in a schema still points at the line that causes it.
public struct SourceDocument: Sendable {
    /// The path as the user gave it (used in messages).
    public let path: String
    /// The absolute `file://` URI the document is registered under for `$ref` resolution.
    public let uri: String
    public let value: JSONValue
    /// Position of each value, keyed by JSON Pointer text (`""` is the root).
    public let positions: [String: SourcePosition]

    /// The largest file a loader reads; definitions are small, so anything bigger is a mistake or an attack.
    public static let maxBytes = 16 * 1024 * 1024

    public init(path: String, uri: String, value: JSONValue, positions: [String: SourcePosition]) {
        self.path = path
        self.uri = uri
        self.value = value
        self.positions = positions
    }

    /// The position of the value at `pointer`, or of its nearest ancestor that has one.
    public func position(of pointer: JSONPointer) -> SourcePosition {
        var tokens = pointer.tokens
        while true {
            if let position = self.positions[JSONPointer(tokens: tokens).description] { return position }
            if tokens.isEmpty { return SourcePosition(line: 1, column: 1) }
            tokens.removeLast()
        }
    }

    /// A load error located at the value `pointer` addresses.
    public func error(at pointer: JSONPointer, _ message: String) -> ProtocolLoadError {
        ProtocolLoadError(file: self.path, position: self.position(of: pointer), message: message)
    }

    /// Reads `path`, choosing JSON or YAML by extension (`.json` is JSON, anything else YAML, which includes JSON).
    public static func load(path: String) throws(ProtocolLoadError) -> SourceDocument {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > Self.maxBytes {
                throw ProtocolLoadError(
                    file: path, position: nil, message: "file is \(size) bytes; the limit is \(Self.maxBytes)")
            }
            data = try Data(contentsOf: url)
        } catch let error as ProtocolLoadError {
            throw error
        } catch {
            throw ProtocolLoadError(
                file: path, position: nil, message: "cannot read file: \(error.localizedDescription)")
        }
        let isJSON = url.pathExtension.lowercased() == "json"
        return try Self.parse(bytes: Array(data), path: path, uri: url.absoluteString, json: isJSON)
    }

    /// Parses text already in memory; `json` picks the strict JSON parser, otherwise YAML.
    public static func parse(
        bytes: [UInt8], path: String, uri: String, json: Bool
    ) throws(ProtocolLoadError) -> SourceDocument {
        guard bytes.count <= Self.maxBytes else {
            throw ProtocolLoadError(
                file: path, position: nil, message: "input is \(bytes.count) bytes; the limit is \(Self.maxBytes)")
        }
        if json {
            let document: JSONDocument
            do {
                document = try JSONParser(options: .init(recordsPositions: true)).parseDocument(bytes)
            } catch {
                throw ProtocolLoadError(
                    file: path, position: SourcePosition(line: error.line, column: error.column),
                    message: error.message)
            }
            let lines = LineTable(bytes)
            var positions: [String: SourcePosition] = [:]
            positions.reserveCapacity(document.offsets.count)
            for (pointer, offset) in document.offsets {
                positions[pointer] = lines.position(of: offset)
            }
            return SourceDocument(path: path, uri: uri, value: document.value, positions: positions)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ProtocolLoadError(file: path, position: nil, message: "file is not valid UTF-8")
        }
        let converted = try YAMLConverter.convert(text, path: path)
        return SourceDocument(path: path, uri: uri, value: converted.value, positions: converted.positions)
    }
}

/// Start offsets of each line, to turn byte offsets into line and scalar column.
struct LineTable {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.starts = starts
    }

    func position(of offset: Int) -> SourcePosition {
        var low = 0
        var high = self.starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if self.starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        for index in self.starts[low]..<min(offset, self.bytes.count) where self.bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }
}
