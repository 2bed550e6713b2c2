import Foundation

/// An RFC 6901 JSON Pointer: how errors name the instance location and how `$ref` fragments address schemas.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public var tokens: [String]

    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    /// Parses pointer text such as `/a~1b/0`; returns nil when it does not start with `/` (and is not empty).
    public init?(_ text: String) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = Self.unescape(part) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: self.tokens + [token])
    }

    /// The pointer text, tokens escaped (`~` as `~0`, `/` as `~1`).
    public var description: String {
        var text = ""
        for token in self.tokens {
            text += "/" + Self.escape(token)
        }
        return text
    }

    /// Escapes one token for pointer text.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Unescapes one token; nil when `~` is followed by anything but `0` or `1`.
    static func unescape(_ token: Substring) -> String? {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var iterator = token.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "~" {
                switch iterator.next() {
                case "0": result.unicodeScalars.append("~")
                case "1": result.unicodeScalars.append("/")
                default: return nil
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The value this pointer addresses inside `root`, or nil when a token does not resolve.
    public func resolve(in root: JSONValue) -> JSONValue? {
        var current = root
        for token in self.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Self.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An array index token: digits without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if token.count > 1 && token.hasPrefix("0") { return nil }
        return Int(token)
    }
}
