/// An RFC 3986 URI reference split into its five parts, with §5.2 resolution against a base.
/// `$id` and `$ref` need exact RFC resolution (URNs, dot segments, fragments), which `URL` does not promise.
public struct URIReference: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String?
    public var authority: String?
    public var path: String
    public var query: String?
    public var fragment: String?

    /// Splits text with the grammar of RFC 3986 Appendix B; every string parses.
    public init(_ text: String) {
        var rest = Substring(text)
        self.fragment = nil
        self.query = nil
        if let hash = rest.firstIndex(of: "#") {
            self.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            self.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        self.scheme = nil
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
            {
                self.scheme = String(candidate)
                rest = rest[rest.index(after: colon)...]
            }
        }
        self.authority = nil
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            self.authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        self.path = String(rest)
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// The reference recomposed (RFC 3986 §5.3).
    public var description: String {
        var text = ""
        if let scheme { text += scheme + ":" }
        if let authority { text += "//" + authority }
        text += self.path
        if let query { text += "?" + query }
        if let fragment { text += "#" + fragment }
        return text
    }

    /// The same reference without its fragment: the identifier of a schema resource.
    public var withoutFragment: URIReference {
        var copy = self
        copy.fragment = nil
        return copy
    }

    /// True when the reference has a scheme, i.e. it is an absolute URI.
    public var isAbsolute: Bool { self.scheme != nil }

    /// Resolves this reference against `base` (RFC 3986 §5.2.2, strict).
    public func resolved(against base: URIReference) -> URIReference {
        if self.scheme != nil {
            return URIReference(
                scheme: self.scheme, authority: self.authority, path: Self.removeDotSegments(self.path),
                query: self.query, fragment: self.fragment)
        }
        if self.authority != nil {
            return URIReference(
                scheme: base.scheme, authority: self.authority, path: Self.removeDotSegments(self.path),
                query: self.query, fragment: self.fragment)
        }
        if self.path.isEmpty {
            return URIReference(
                scheme: base.scheme, authority: base.authority, path: base.path,
                query: self.query ?? base.query, fragment: self.fragment)
        }
        let path: String
        if self.path.hasPrefix("/") {
            path = Self.removeDotSegments(self.path)
        } else {
            path = Self.removeDotSegments(Self.merge(base: base, reference: self.path))
        }
        return URIReference(
            scheme: base.scheme, authority: base.authority, path: path, query: self.query, fragment: self.fragment)
    }

    /// RFC 3986 §5.2.3.
    static func merge(base: URIReference, reference: String) -> String {
        if base.authority != nil && base.path.isEmpty {
            return "/" + reference
        }
        guard let slash = base.path.lastIndex(of: "/") else { return reference }
        return String(base.path[...slash]) + reference
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var result = ""
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") || input == "/.." {
                input = input == "/.." ? "/" : input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let searchStart = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[searchStart...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        for segment in output { result += segment }
        return result
    }
}
