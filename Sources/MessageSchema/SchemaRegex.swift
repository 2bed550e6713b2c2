import Foundation

/// A `pattern`/`patternProperties` regex compiled once at schema compile time and shared across validations.
/// ECMA-262 classes (`\d`, `\w`) are narrowed to ASCII before ICU compiles them, since ICU's are Unicode-wide.
final class SchemaRegex: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as safe to use from several threads.
    let source: String
    private let expression: NSRegularExpression
    /// The same pattern for our own matcher, when it is within its subset (most schema patterns are).
    private let simple: SimpleRegex?

    /// Compiles an ECMA-262-style pattern; throws when ICU rejects it.
    init(_ source: String) throws {
        self.source = source
        self.expression = try NSRegularExpression(pattern: Self.translate(source), options: [])
        self.simple = SimpleRegex(source)
    }

    /// True when the pattern matches anywhere in `text` (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        if let simple = self.simple, let matched = simple.matches(text) { return matched }
        let range = NSRange(location: 0, length: text.utf16.count)
        return self.expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Rejects syntax ICU accepts but ECMA-262 does not: `\\a`, inline flags, comments, Python named groups.
    static func isECMAScript(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "\\" {
                if position + 1 < scalars.count, scalars[position + 1] == "a" { return false }
                position += 2
                continue
            }
            if scalar == "(", position + 2 < scalars.count, scalars[position + 1] == "?" {
                let marker = scalars[position + 2]
                let allowed = marker == ":" || marker == "=" || marker == "!" || marker == "<"
                if !allowed { return false }
            }
            position += 1
        }
        return true
    }

    /// Rewrites the ECMA-262 constructs whose meaning differs in ICU.
    static func translate(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var inClass = false
        var position = 0
        func append(_ text: String) { output.append(contentsOf: text.unicodeScalars) }
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "\\" && position + 1 < scalars.count {
                let next = scalars[position + 1]
                position += 2
                switch next {
                case "d": append(inClass ? "0-9" : "[0-9]")
                case "D": append(inClass ? "\\D" : "[^0-9]")
                case "w": append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]")
                case "W": append(inClass ? "\\W" : "[^a-zA-Z0-9_]")
                default:
                    output.append(scalar)
                    output.append(next)
                }
                continue
            }
            if scalar == "[" && !inClass {
                // ECMA-262 allows the empty class `[]` (never matches) and `[^]` (matches anything).
                if position + 1 < scalars.count && scalars[position + 1] == "]" {
                    append("(?!)")
                    position += 2
                    continue
                }
                if position + 2 < scalars.count && scalars[position + 1] == "^" && scalars[position + 2] == "]" {
                    append("[\\s\\S]")
                    position += 3
                    continue
                }
                inClass = true
            } else if scalar == "]" && inClass {
                inClass = false
            }
            output.append(scalar)
            position += 1
        }
        return String(output)
    }
}
