/// Selects cases by id with comma-separated patterns, as `--cases 1.*,2.1` and `--exclude 9.*` say.
///
/// A pattern with `*` is a glob over the whole id. A pattern without one selects that id and everything under it,
/// so `6.4` means 6.4.1 to 6.4.4 but `2.1` never means 2.10.
public struct CaseFilter: Sendable, Hashable {
    public var include: [String]
    public var exclude: [String]

    /// Includes everything when `include` is empty.
    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// Parses the comma-separated form of a command-line option.
    public static func patterns(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    public func includes(_ id: CaseID) -> Bool {
        let included = self.include.isEmpty || self.include.contains { Self.matches(id.rawValue, $0) }
        return included && !self.exclude.contains { Self.matches(id.rawValue, $0) }
    }

    static func matches(_ id: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return id == pattern || id.hasPrefix(pattern + ".") }
        return Self.glob(Array(id.utf8)[...], Array(pattern.utf8)[...])
    }

    private static func glob(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        if head == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            return text.indices.contains { Self.glob(text[$0...], rest) } || Self.glob(text[text.endIndex...], rest)
        }
        guard let first = text.first, first == head else { return false }
        return Self.glob(text.dropFirst(), pattern.dropFirst())
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
