/// IDNA2008 validity of one U-label: code points, hyphens, leading marks, contextual rules and the Bidi rule.
extension IDNALabel {
    /// Direction classes, approximated from script blocks (RFC 5893 needs only these distinctions).
    enum Direction {
        case leftToRight
        case rightToLeft
        case arabicNumber
        case europeanNumber
        case mark
        case other
    }

    static func direction(_ scalar: Unicode.Scalar) -> Direction {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0x06F0...0x06F9: return .europeanNumber
        case 0x0660...0x0669, 0x066B...0x066C: return .arabicNumber
        default: break
        }
        if self.isMark(scalar) { return .mark }
        switch value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF:
            return .rightToLeft
        default:
            return scalar.properties.isAlphabetic ? .leftToRight : .other
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// RFC 5892 code point classes, approximated: lower-case letters, marks and digits are allowed; the
    /// listed exceptions are honoured; upper case, symbols and punctuation are disallowed.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007, 0x002D: return true
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return false
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x200C, 0x200D: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .nonspacingMark, .spacingMark, .decimalNumber, .modifierLetter:
            return !scalar.properties.changesWhenCaseFolded || scalar.properties.isLowercase
        default:
            return false
        }
    }

    /// True when `label` is a valid U-label on its own (the Bidi rule needs the whole name; see `isValidName`).
    static func isValid(_ label: String) -> Bool {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first, !self.isMark(first), first != "-", scalars.last != "-" else { return false }
        if scalars.count >= 4 && scalars[2] == "-" && scalars[3] == "-" { return false }
        var hasArabicIndic = false
        var hasExtendedArabicIndic = false
        for (position, scalar) in scalars.enumerated() {
            guard self.isAllowed(scalar) else { return false }
            let previous = position > 0 ? scalars[position - 1] : nil
            let next = position + 1 < scalars.count ? scalars[position + 1] : nil
            switch scalar.value {
            case 0x00B7:
                guard previous == "l", next == "l" else { return false }
            case 0x0375:
                guard let next, (0x0370...0x03FF).contains(next.value) || (0x1F00...0x1FFF).contains(next.value)
                else { return false }
            case 0x05F3, 0x05F4:
                guard let previous, (0x0590...0x05FF).contains(previous.value) else { return false }
            case 0x30FB:
                let hasJapanese = scalars.contains { other in
                    other != "\u{30FB}"
                        && ((0x3040...0x30FF).contains(other.value) || (0x4E00...0x9FFF).contains(other.value)
                            || (0x3400...0x4DBF).contains(other.value))
                }
                guard hasJapanese else { return false }
            case 0x0660...0x0669: hasArabicIndic = true
            case 0x06F0...0x06F9: hasExtendedArabicIndic = true
            case 0x200D:
                guard let previous, previous.properties.canonicalCombiningClass.rawValue == 9 else { return false }
            case 0x200C:
                if let previous, previous.properties.canonicalCombiningClass.rawValue == 9 { break }
                // Approximates the joining-type rule: a non-joiner between two Arabic-script letters.
                guard let previous, let next, (0x0620...0x06FF).contains(previous.value),
                    (0x0620...0x06FF).contains(next.value)
                else { return false }
            default:
                break
            }
        }
        return !(hasArabicIndic && hasExtendedArabicIndic)
    }

    /// RFC 5893: in a name with any right-to-left label, every label must satisfy the Bidi rule.
    static func satisfiesBidiRule(_ labels: [String]) -> Bool {
        let isBidiName = labels.contains { label in
            label.unicodeScalars.contains { [.rightToLeft, .arabicNumber].contains(self.direction($0)) }
        }
        guard isBidiName else { return true }
        for label in labels {
            let directions = label.unicodeScalars.map(self.direction)
            guard let first = directions.first else { return false }
            let significant = directions.filter { $0 != .mark }
            guard let last = significant.last else { return false }
            switch first {
            case .rightToLeft:
                guard directions.allSatisfy({ $0 != .leftToRight }), last != .other,
                    !(directions.contains(.europeanNumber) && directions.contains(.arabicNumber))
                else { return false }
            case .leftToRight:
                guard directions.allSatisfy({ $0 != .rightToLeft && $0 != .arabicNumber }),
                    last == .leftToRight || last == .europeanNumber
                else { return false }
            default:
                return false
            }
        }
        return true
    }
}
