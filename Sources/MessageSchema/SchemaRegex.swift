import Foundation

/// A `pattern`/`patternProperties` regex compiled once at schema compile time and shared across validations.
/// ECMA-262 classes (`\d`, `\w`) are narrowed to ASCII before ICU compiles them, since ICU's are Unicode-wide.
final class SchemaRegex: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as safe to use from several threads.
    let source: String
    private let expression: NSRegularExpression

    /// Compiles an ECMA-262-style pattern; throws when ICU rejects it.
    init(_ source: String) throws {
        self.source = source
        self.expression = try NSRegularExpression(pattern: Self.translate(source), options: [])
    }

    /// True when the pattern matches anywhere in `text` (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return self.expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Rewrites the ECMA-262 escapes whose meaning differs in ICU.
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var iterator = pattern.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\\" {
                guard let next = iterator.next() else {
                    output.unicodeScalars.append(scalar)
                    break
                }
                switch next {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += inClass ? "\\D" : "[^0-9]"
                case "w": output += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": output += inClass ? "\\W" : "[^a-zA-Z0-9_]"
                default:
                    output.unicodeScalars.append(scalar)
                    output.unicodeScalars.append(next)
                }
                continue
            }
            if scalar == "[" && !inClass {
                inClass = true
            } else if scalar == "]" && inClass {
                inClass = false
            }
            output.unicodeScalars.append(scalar)
        }
        return output
    }
}
