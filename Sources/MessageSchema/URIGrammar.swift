/// Syntax checks for `uri`, `uri-reference`, `iri`, `iri-reference` (RFC 3986/3987) and `uri-template` (RFC 6570).
/// Unlike `URIReference`, which accepts any string, these reject what the grammar does not allow.
enum URIGrammar {
    static let unreserved = "-._~"
    static let subDelims = "!$&'()*+,;="

    /// True when `text` is a URI (or reference) per the RFC 3986 ABNF; with `international`, `ucschar`s too.
    static func isValid(_ text: String, requireScheme: Bool, international: Bool) -> Bool {
        let reference = URIReference(text)
        if requireScheme && reference.scheme == nil { return false }
        if let scheme = reference.scheme {
            guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else {
                return false
            }
        } else if let colon = reference.path.firstIndex(of: ":") {
            // A relative path's first segment may not contain ":" (RFC 3986 §4.2).
            if !reference.path[..<colon].contains("/") { return false }
        }
        if let authority = reference.authority {
            guard self.isAuthority(authority, international: international) else { return false }
        } else if reference.path.hasPrefix("//") {
            return false
        }
        let pathExtras = ":@/"
        guard self.isComponent(reference.path, extra: pathExtras, international: international) else { return false }
        if let query = reference.query {
            guard self.isComponent(query, extra: pathExtras + "?", international: international) else { return false }
        }
        if let fragment = reference.fragment {
            guard self.isComponent(fragment, extra: pathExtras + "?", international: international) else {
                return false
            }
        }
        return true
    }

    /// Characters of a path, query or fragment: unreserved, sub-delims, `extra`, valid percent-encodings.
    static func isComponent(_ text: String, extra: String, international: Bool) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "%" {
                guard position + 2 < scalars.count, scalars[position + 1].properties.isASCIIHexDigit,
                    scalars[position + 2].properties.isASCIIHexDigit
                else { return false }
                position += 3
                continue
            }
            if scalar.isASCII {
                let allowed =
                    scalar.properties.isAlphabetic || FormatChecker.isDigit(scalar)
                    || self.unreserved.unicodeScalars.contains(scalar) || self.subDelims.unicodeScalars.contains(scalar)
                    || extra.unicodeScalars.contains(scalar)
                guard allowed else { return false }
            } else {
                guard international, self.isUCSChar(scalar) else { return false }
            }
            position += 1
        }
        return true
    }

    /// RFC 3987 `ucschar` and `iprivate`.
    static func isUCSChar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0xA0 { return false }
        if (0xD800...0xF8FF).contains(value) { return value >= 0xE000 }
        if (0xFDD0...0xFDEF).contains(value) { return false }
        return value & 0xFFFE != 0xFFFE
    }

    /// `[ userinfo "@" ] host [ ":" port ]`.
    static func isAuthority(_ authority: String, international: Bool) -> Bool {
        var rest = Substring(authority)
        if let at = rest.lastIndex(of: "@") {
            let userinfo = String(rest[..<at])
            guard !userinfo.contains("@"), self.isComponent(userinfo, extra: ":", international: international) else {
                return false
            }
            rest = rest[rest.index(after: at)...]
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            let literal = rest[rest.index(after: rest.startIndex)..<close]
            let validLiteral =
                FormatChecker.isIPv6(literal)
                || (literal.hasPrefix("v") || literal.hasPrefix("V")) && literal.contains(".")
            guard validLiteral else { return false }
            rest = rest[rest.index(after: close)...]
            if rest.isEmpty { return true }
            guard rest.hasPrefix(":") else { return false }
            return rest.dropFirst().unicodeScalars.allSatisfy(FormatChecker.isDigit)
        }
        if let colon = rest.lastIndex(of: ":") {
            guard rest[rest.index(after: colon)...].unicodeScalars.allSatisfy(FormatChecker.isDigit) else {
                return false
            }
            rest = rest[..<colon]
        }
        return self.isComponent(String(rest), extra: "", international: international)
    }

    /// RFC 6570 level-4 template syntax: literals, and `{operator? varspec, ...}` expressions.
    static func isTemplate(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars
        while let scalar = scalars.popFirst() {
            if scalar == "}" { return false }
            if scalar != "{" {
                let forbidden =
                    scalar.value < 0x20 || scalar.value == 0x7F || " \"<>\\^`|".unicodeScalars.contains(scalar)
                if forbidden { return false }
                continue
            }
            guard let close = scalars.firstIndex(of: "}") else { return false }
            var expression = Substring(String(String.UnicodeScalarView(scalars[..<close])))
            scalars = scalars[scalars.index(after: close)...]
            if let first = expression.first, "+#./;?&=,!@|".contains(first) {
                expression = expression.dropFirst()
            }
            for varspec in expression.split(separator: ",", omittingEmptySubsequences: false) {
                guard self.isVarspec(varspec) else { return false }
            }
        }
        return true
    }

    static func isVarspec(_ varspec: Substring) -> Bool {
        var name = varspec
        if name.hasSuffix("*") {
            name = name.dropLast()
        } else if let colon = name.firstIndex(of: ":") {
            let length = name[name.index(after: colon)...]
            guard let value = Int(length), value > 0, value < 10000, length.first != "0" else { return false }
            name = name[..<colon]
        }
        // RFC 6570 §2.3: varname = varchar *( ["."] varchar ), so no leading, trailing or doubled dot.
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || FormatChecker.isDigit($0) || "_.%".unicodeScalars.contains($0))
        }
    }
}
