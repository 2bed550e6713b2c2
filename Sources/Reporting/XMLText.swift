/// Builds XML text with every attribute and text node escaped and every character XML 1.0 forbids removed, so
/// whatever a hostile target puts in a close reason cannot break the JUnit file.
struct XMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func raw(_ text: String) {
        self.text += text
    }

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        self.text += self.indent + "<\(name)\(Self.attributes(attributes))>\n"
        self.depth += 1
    }

    mutating func close(_ name: String) {
        self.depth -= 1
        self.text += self.indent + "</\(name)>\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        self.text += self.indent + "<\(name)\(Self.attributes(attributes))/>\n"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], _ content: String) {
        self.text += self.indent + "<\(name)\(Self.attributes(attributes))>\(Self.escape(content))</\(name)>\n"
    }

    private var indent: String { String(repeating: "  ", count: self.depth) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(Self.escape($0.1, attribute: true))\"" }.joined()
    }

    /// Escapes markup characters and drops characters not allowed in XML 1.0 (§2.2), replacing them with U+FFFD.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\r": out += "&#13;"
            case "\t", "\n", "\u{20}"..."\u{D7FF}", "\u{E000}"..."\u{FFFD}", "\u{10000}"...:
                out.unicodeScalars.append(scalar)
            default:
                out += "\u{FFFD}"
            }
        }
        return out
    }
}
