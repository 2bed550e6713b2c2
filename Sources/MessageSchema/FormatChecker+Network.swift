import Foundation

/// Host names, e-mail addresses and IP addresses (RFC 1123, RFC 5321/6531, RFC 2673, RFC 4291).
extension FormatChecker {
    /// RFC 2673 dotted quad: four decimal octets, no leading zeros.
    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.unicodeScalars.allSatisfy(self.isDigit) else { return false }
            if part.count > 1 && part.hasPrefix("0") { return false }
            guard let value = Int(part), value <= 255 else { return false }
        }
        return true
    }

    /// RFC 4291 §2.2 text form: eight groups, one `::`, an optional trailing dotted quad; no zone, no prefix.
    static func isIPv6(_ text: Substring) -> Bool {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII }), !text.isEmpty else { return false }
        var body = text
        var groupsNeeded = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard self.isIPv4(text[text.index(after: lastColon)...]) else { return false }
            body = text[...lastColon]
            if !body.hasSuffix("::") { body = body.dropLast() }
            groupsNeeded = 6
        }
        let halves = body.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for half in halves where !half.isEmpty {
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
                else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups < groupsNeeded : groups == groupsNeeded
    }

    /// RFC 1123 host name; with `international`, U-labels are allowed and checked as IDNA2008 (RFC 5891/5892).
    /// A-labels (`xn--`) are decoded and held to the same rules in both cases.
    static func isHostname(_ text: String, international: Bool) -> Bool {
        var name = text
        if international {
            // IDNA label separators (RFC 3490 §3.1) all count as dots.
            name = String(text.map { "\u{3002}\u{FF0E}\u{FF61}".contains($0) ? "." : $0 })
        }
        guard !name.isEmpty else { return false }
        var totalLength = -1
        var unicodeLabels: [String] = []
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            if label.unicodeScalars.allSatisfy({ $0.isASCII }) {
                let allowed = label.unicodeScalars.allSatisfy {
                    ($0.properties.isAlphabetic || self.isDigit($0) || $0 == "-")
                }
                guard label.utf8.count <= 63, allowed else { return false }
                totalLength += label.utf8.count + 1
                if let decoded = IDNALabel.decodeIfPunycode(String(label)) {
                    guard let unicode = decoded, IDNALabel.isValid(unicode) else { return false }
                    unicodeLabels.append(unicode)
                } else {
                    let scalars = Array(label.unicodeScalars)
                    if scalars.count >= 4 && scalars[2] == "-" && scalars[3] == "-" { return false }
                    unicodeLabels.append(String(label))
                }
            } else {
                guard international, IDNALabel.isValid(String(label)),
                    let encoded = IDNALabel.punycodeLength(String(label)), encoded + 4 <= 63
                else { return false }
                totalLength += encoded + 5
                unicodeLabels.append(String(label))
            }
        }
        return totalLength <= 253 && IDNALabel.satisfiesBidiRule(unicodeLabels)
    }

    /// RFC 5321 mailbox (dot-atom or quoted local part; host name or address literal); RFC 6531 with `international`.
    static func isEmail(_ text: String, international: Bool) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
            var escaped = false
            for scalar in local.unicodeScalars.dropFirst().dropLast() {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" || (scalar.value < 0x20 && scalar != "\t") {
                    return false
                } else if !international && !scalar.isASCII {
                    return false
                }
            }
        } else {
            let atext = "!#$%&'*+-/=?^_`{|}~"
            for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
                guard !atom.isEmpty else { return false }
                for scalar in atom.unicodeScalars {
                    let allowed =
                        scalar.properties.isASCIIHexDigit || (scalar.isASCII && scalar.properties.isAlphabetic)
                        || self.isDigit(scalar) || atext.unicodeScalars.contains(scalar)
                        || (international && !scalar.isASCII && scalar.value != 0xFF20)
                    guard allowed else { return false }
                }
            }
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") {
                return self.isIPv6(literal.dropFirst(5))
            }
            return self.isIPv4(literal)
        }
        return self.isHostname(domain, international: international)
    }
}
