import WebSocketWire

/// Sections 6.5-6.23: one text message per sequence of Markus Kuhn's "UTF-8 decoder capability and stress test",
/// grouped as Autobahn groups them. Valid sequences must be echoed; invalid ones fail the connection with 1007
/// (RFC 6455 §8.1).
enum UTF8StressCases {
    /// One subsection: a title and its sequences, each marked valid or not by the Unicode standard (RFC 3629).
    struct Group {
        var title: String
        var sequences: [(valid: Bool, bytes: [UInt8])]
    }

    static var all: [Case] {
        self.groups.enumerated().flatMap { groupIndex, group in
            group.sequences.enumerated().map { index, sequence in
                let id = CaseID("6.\(groupIndex + 5).\(index + 1)")
                let hex = sequence.bytes.map { String($0, radix: 16, uppercase: false) }
                    .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
                let description =
                    "\(group.title): send a text message whose payload is "
                    + (sequence.valid ? "valid" : "not valid") + " UTF-8 (0x\(hex)), in one frame."
                return sequence.valid
                    ? UTF8Cases.echo(id, description, [sequence.bytes])
                    : UTF8Cases.reject(id, description, [sequence.bytes])
            }
        }
    }

    static var groups: [Group] {
        let kosme = UTF8Cases.kosme
        let hello = Array("hello".utf8)
        let world = Array("world".utf8)
        let incomplete: [[UInt8]] = [
            [0xC0], [0xE0, 0x80], [0xF0, 0x80, 0x80], [0xF8, 0x80, 0x80, 0x80], [0xFC, 0x80, 0x80, 0x80, 0x80],
            [0xDF], [0xEF, 0xBF], [0xF7, 0xBF, 0xBF], [0xFB, 0xBF, 0xBF, 0xBF], [0xFD, 0xBF, 0xBF, 0xBF, 0xBF],
        ]
        let lonelyRanges: [ClosedRange<UInt8>] = [0xC0...0xDE, 0xE0...0xEE, 0xF0...0xF6, 0xF8...0xFA, 0xFC...0xFC]
        let surrogatesHigh: [[UInt8]] = [
            [0xED, 0xA0, 0x80], [0xED, 0xAD, 0xBF], [0xED, 0xAE, 0x80], [0xED, 0xAF, 0xBF],
        ]
        let surrogatesLow: [[UInt8]] = [[0xED, 0xB0, 0x80], [0xED, 0xBF, 0xBF]]
        return [
            Group(
                title: "Some valid UTF-8 sequences",
                sequences: [
                    (true, hello + [0x24] + world), (true, hello + [0xC2, 0xA2] + world),
                    (true, hello + [0xE2, 0x82, 0xAC] + world), (true, hello + [0xF0, 0xA4, 0xAD, 0xA2] + world),
                    (true, kosme),
                ]),
            Group(
                title: "All prefixes of a valid UTF-8 string with multi-byte code points",
                // A prefix is valid exactly when it ends on a code point boundary of κόσμε.
                sequences: (1...kosme.count).map { length in
                    ([2, 5, 7, 9, 11].contains(length), Array(kosme.prefix(length)))
                }
            ),
            Group(
                title: "First possible sequence of a certain length",
                sequences: [
                    (true, [0x00]), (true, [0xC2, 0x80]), (true, [0xE0, 0xA0, 0x80]), (true, [0xF0, 0x90, 0x80, 0x80]),
                ]),
            Group(
                title: "First possible sequence of length 5 and 6 (beyond U+10FFFF)",
                sequences: [
                    (false, [0xF8, 0x88, 0x80, 0x80, 0x80]), (false, [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80]),
                ]),
            Group(
                title: "Last possible sequence of a certain length",
                sequences: [
                    (true, [0x7F]), (true, [0xDF, 0xBF]), (true, [0xEF, 0xBF, 0xBF]), (true, [0xF4, 0x8F, 0xBF, 0xBF]),
                ]),
            Group(
                title: "Last possible sequence of length 4, 5 and 6 (beyond U+10FFFF)",
                sequences: [
                    (false, [0xF7, 0xBF, 0xBF, 0xBF]), (false, [0xFB, 0xBF, 0xBF, 0xBF, 0xBF]),
                    (false, [0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF]),
                ]),
            Group(
                title: "Other boundary conditions",
                sequences: [
                    (true, [0xED, 0x9F, 0xBF]), (true, [0xEE, 0x80, 0x80]), (true, [0xEF, 0xBF, 0xBD]),
                    (true, [0xF4, 0x8F, 0xBF, 0xBF]), (false, [0xF4, 0x90, 0x80, 0x80]),
                ]),
            Group(
                title: "Unexpected continuation bytes",
                sequences: [(false, [0x80]), (false, [0xBF])]
                    + (2...6).map { count in (false, (0..<count).map { $0 % 2 == 0 ? 0x80 : 0xBF }) }
                    + [(false, Array(0x80...0xBE))]
            ),
            Group(
                title: "Lonely start characters, each followed by a space",
                sequences: lonelyRanges.map { range in (false, range.flatMap { [$0, 0x20] }) }
            ),
            Group(
                title: "Sequences with the last continuation byte missing",
                sequences: incomplete.map { (false, $0) }
            ),
            Group(title: "Concatenation of incomplete sequences", sequences: [(false, incomplete.reduce([], +))]),
            Group(
                title: "Impossible bytes",
                sequences: [
                    (false, [0xFE]), (false, [0xFF]), (false, [0xFE, 0xFE, 0xFF, 0xFF]),
                ]),
            Group(
                title: "Overlong forms of an ASCII character",
                sequences: [
                    (false, [0xC0, 0xAF]), (false, [0xE0, 0x80, 0xAF]), (false, [0xF0, 0x80, 0x80, 0xAF]),
                    (false, [0xF8, 0x80, 0x80, 0x80, 0xAF]), (false, [0xFC, 0x80, 0x80, 0x80, 0x80, 0xAF]),
                ]),
            Group(
                title: "Maximum overlong sequences",
                sequences: [
                    (false, [0xC1, 0xBF]), (false, [0xE0, 0x9F, 0xBF]), (false, [0xF0, 0x8F, 0xBF, 0xBF]),
                    (false, [0xF8, 0x87, 0xBF, 0xBF, 0xBF]), (false, [0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF]),
                ]),
            Group(
                title: "Overlong forms of the NUL character",
                sequences: [
                    (false, [0xC0, 0x80]), (false, [0xE0, 0x80, 0x80]), (false, [0xF0, 0x80, 0x80, 0x80]),
                    (false, [0xF8, 0x80, 0x80, 0x80, 0x80]), (false, [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80]),
                ]),
            Group(
                title: "Single UTF-16 surrogates",
                sequences: (surrogatesHigh + [[0xED, 0xB0, 0x80], [0xED, 0xBE, 0x80], [0xED, 0xBF, 0xBF]]).map {
                    (false, $0)
                }
            ),
            Group(
                title: "Paired UTF-16 surrogates",
                sequences: surrogatesHigh.flatMap { high in surrogatesLow.map { (false, high + $0) } }
            ),
            Group(title: "Non-character code points (valid UTF-8)", sequences: self.nonCharacters.map { (true, $0) }),
            Group(
                title: "Unicode specials, such as the replacement character",
                sequences: (0xB9...0xBF).map { (true, [0xEF, 0xBF, UInt8($0)]) }
            ),
        ]
    }

    /// U+FFFE, U+FFFF and the last two code points of planes 1-16: non-characters, but valid UTF-8.
    private static var nonCharacters: [[UInt8]] {
        var sequences: [[UInt8]] = [[0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF]]
        for lead: UInt8 in 0xF0...0xF4 {
            for second: UInt8 in [0x8F, 0x9F, 0xAF, 0xBF] where lead != 0xF4 || second == 0x8F {
                // F0 8F is an overlong form, not a plane-0 non-character.
                guard lead != 0xF0 || second != 0x8F else { continue }
                sequences.append([lead, second, 0xBF, 0xBE])
                sequences.append([lead, second, 0xBF, 0xBF])
            }
        }
        return sequences
    }
}
