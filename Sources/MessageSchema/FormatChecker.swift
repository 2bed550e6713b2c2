/// The `format` checks applied when format assertion is on (Validation §7.3). Unknown formats are accepted,
/// as the specification requires. Checks are hand-written scanners: they must not accept trailing newlines.
enum FormatChecker {
    /// True or false for a known format; nil when the format is not one we check.
    static func check(_ format: String, _ text: String) -> Bool? {
        switch format {
        case "date-time": return self.isDateTime(text)
        case "date": return self.isDate(Substring(text))
        case "time": return self.isTime(Substring(text))
        case "duration": return self.isDuration(text)
        case "email": return self.isEmail(text, international: false)
        case "idn-email": return self.isEmail(text, international: true)
        case "hostname": return self.isHostname(text, international: false)
        case "idn-hostname": return self.isHostname(text, international: true)
        case "ipv4": return self.isIPv4(Substring(text))
        case "ipv6": return self.isIPv6(Substring(text))
        case "uri": return URIGrammar.isValid(text, requireScheme: true, international: false)
        case "uri-reference": return URIGrammar.isValid(text, requireScheme: false, international: false)
        case "iri": return URIGrammar.isValid(text, requireScheme: true, international: true)
        case "iri-reference": return URIGrammar.isValid(text, requireScheme: false, international: true)
        case "uri-template": return URIGrammar.isTemplate(text)
        case "uuid": return self.isUUID(text)
        case "regex": return SchemaRegex.isECMAScript(text) && (try? SchemaRegex(text)) != nil
        case "json-pointer": return self.isJSONPointer(Substring(text))
        case "relative-json-pointer": return self.isRelativeJSONPointer(text)
        default: return nil
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// Parses exactly `count` ASCII digits at the front of `text`.
    static func digits(_ text: inout Substring.UnicodeScalarView, _ count: Int) -> Int? {
        guard text.count >= count else { return nil }
        var value = 0
        for scalar in text.prefix(count) {
            guard self.isDigit(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 0x30)
        }
        text.removeFirst(count)
        return value
    }

    /// RFC 3339 full-date, with the real number of days in the month.
    static func isDate(_ text: Substring) -> Bool {
        var scalars = text.unicodeScalars
        guard let year = self.digits(&scalars, 4), scalars.popFirst() == "-", let month = self.digits(&scalars, 2),
            scalars.popFirst() == "-", let day = self.digits(&scalars, 2), scalars.isEmpty, (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day >= 1 && day <= lengths[month - 1]
    }

    /// RFC 3339 full-time: the offset is required; a leap second must fall at 23:59:60 UTC.
    static func isTime(_ text: Substring) -> Bool {
        var scalars = text.unicodeScalars
        guard let hour = self.digits(&scalars, 2), scalars.popFirst() == ":", let minute = self.digits(&scalars, 2),
            scalars.popFirst() == ":", let second = self.digits(&scalars, 2), hour <= 23, minute <= 59, second <= 60
        else { return false }
        if scalars.first == "." {
            scalars.removeFirst()
            var count = 0
            while let scalar = scalars.first, self.isDigit(scalar) {
                scalars.removeFirst()
                count += 1
            }
            guard count > 0 else { return false }
        }
        var offsetMinutes = 0
        switch scalars.popFirst() {
        case "Z", "z":
            guard scalars.isEmpty else { return false }
        case let sign where sign == "+" || sign == "-":
            guard let offsetHour = self.digits(&scalars, 2), scalars.popFirst() == ":",
                let offsetMinute = self.digits(&scalars, 2), scalars.isEmpty, offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == "+" ? 1 : -1)
        default:
            return false
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// RFC 3339 date-time (`T` and `Z` in either case).
    static func isDateTime(_ text: String) -> Bool {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return self.isDate(text[..<separator]) && self.isTime(text[text.index(after: separator)...])
    }

    /// ISO 8601 duration as RFC 3339 Appendix A restricts it: units in order, none skipped, weeks alone.
    static func isDuration(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars
        guard scalars.popFirst() == "P", !scalars.isEmpty else { return false }
        var units: [Unicode.Scalar] = []
        var inTime = false
        var sawTimeUnit = false
        while !scalars.isEmpty {
            if scalars.first == "T" {
                guard !inTime else { return false }
                inTime = true
                scalars.removeFirst()
                continue
            }
            var count = 0
            while let scalar = scalars.first, self.isDigit(scalar) {
                scalars.removeFirst()
                count += 1
            }
            guard count > 0, let unit = scalars.popFirst() else { return false }
            units.append(inTime ? Unicode.Scalar(unit.value | 0x20) ?? unit : unit)
            if inTime { sawTimeUnit = true }
        }
        if inTime && !sawTimeUnit { return false }
        let text = String(String.UnicodeScalarView(units))
        if text == "W" { return true }
        let order = ["YMD", "hms"]
        let date = text.prefix { $0.isUppercase }
        let time = text.dropFirst(date.count)
        guard !date.contains("W") else { return false }
        return self.isContiguous(String(date), within: order[0]) && self.isContiguous(String(time), within: order[1])
    }

    /// True when `units` is empty or a run of consecutive letters of `order` (so no unit is skipped).
    static func isContiguous(_ units: String, within order: String) -> Bool {
        units.isEmpty || order.contains(units)
    }

    /// RFC 4122 textual UUID: 8-4-4-4-12 hex digits.
    static func isUUID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 36 else { return false }
        for (position, scalar) in scalars.enumerated() {
            if [8, 13, 18, 23].contains(position) {
                guard scalar == "-" else { return false }
            } else if !scalar.properties.isASCIIHexDigit {
                return false
            }
        }
        return true
    }

    /// RFC 6901 pointer text: empty, or `/`-prefixed tokens whose `~` is always `~0` or `~1`.
    static func isJSONPointer(_ text: Substring) -> Bool {
        if text.isEmpty { return true }
        return text.hasPrefix("/") && JSONPointer(String(text)) != nil
    }

    /// Relative JSON Pointer: a non-negative integer, then `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ text: String) -> Bool {
        let digits = text.unicodeScalars.prefix { self.isDigit($0) }
        guard !digits.isEmpty else { return false }
        if digits.count > 1 && digits.first == "0" { return false }
        let rest = text.unicodeScalars.dropFirst(digits.count)
        if rest.elementsEqual("#".unicodeScalars) { return true }
        return self.isJSONPointer(Substring(String(String.UnicodeScalarView(rest))))
    }
}
