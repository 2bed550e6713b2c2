import Testing

@testable import WebSocketWire

/// One UTF-8 table row: input bytes, the status after feeding them, and the status at end of input.
struct UTF8Case: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var afterFeed: UTF8Validator.Status
    var atFinish: UTF8Validator.Status

    var testDescription: String { self.name }

    init(_ name: String, _ bytes: [UInt8], _ afterFeed: UTF8Validator.Status, _ atFinish: UTF8Validator.Status? = nil) {
        self.name = name
        self.bytes = bytes
        self.afterFeed = afterFeed
        self.atFinish = atFinish ?? afterFeed
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidatorTests {
    static let cases: [UTF8Case] = [
        UTF8Case("empty input", [], .valid),
        UTF8Case("ASCII", Array("Hello".utf8), .valid),
        UTF8Case("Greek κόσμε", [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5], .valid),
        UTF8Case("largest code point U+10FFFF", [0xF4, 0x8F, 0xBF, 0xBF], .valid),
        UTF8Case("last code point before surrogates U+D7FF", [0xED, 0x9F, 0xBF], .valid),
        UTF8Case("first code point after surrogates U+E000", [0xEE, 0x80, 0x80], .valid),
        UTF8Case("smallest 3-byte form U+0800", [0xE0, 0xA0, 0x80], .valid),
        UTF8Case("smallest 4-byte form U+10000", [0xF0, 0x90, 0x80, 0x80], .valid),
        UTF8Case("C0 lead byte (always overlong)", [0xC0, 0x80], .invalid(offset: 0)),
        UTF8Case("C1 lead byte (always overlong)", [0xC1, 0xBF], .invalid(offset: 0)),
        UTF8Case("F5 lead byte (beyond U+10FFFF)", [0xF5, 0x80, 0x80, 0x80], .invalid(offset: 0)),
        UTF8Case("FF byte", [0x41, 0xFF], .invalid(offset: 1)),
        UTF8Case("stray continuation byte", [0x41, 0x42, 0x80], .invalid(offset: 2)),
        UTF8Case("overlong 3-byte E0 80", [0xE0, 0x80, 0x80], .invalid(offset: 1)),
        UTF8Case("overlong 4-byte F0 8F", [0xF0, 0x8F, 0xBF, 0xBF], .invalid(offset: 1)),
        UTF8Case("surrogate ED A0", [0xED, 0xA0, 0x80], .invalid(offset: 1)),
        UTF8Case("above U+10FFFF at F4 90", [0xF4, 0x90, 0x80, 0x80], .invalid(offset: 1)),
        UTF8Case("lead byte followed by ASCII", [0x41, 0xC2, 0x41], .invalid(offset: 2)),
        UTF8Case("truncated 3-byte sequence", [0x41, 0x42, 0xE2, 0x82], .incomplete, .invalid(offset: 2)),
        UTF8Case("truncated 4-byte sequence", [0xF0, 0x9F, 0x98], .incomplete, .invalid(offset: 0)),
        UTF8Case(
            "Autobahn 6.3.1 κόσμε-edited",
            [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64],
            .invalid(offset: 12)
        ),
    ]

    @Test("The validator classifies each table input", arguments: Self.cases)
    func classifiesTableInput(_ row: UTF8Case) {
        var validator = UTF8Validator()
        #expect(validator.feed(row.bytes) == row.afterFeed)
        #expect(validator.finish() == row.atFinish)
    }

    @Test("Feeding one byte at a time gives the same result as feeding everything at once", arguments: Self.cases)
    func byteAtATimeMatchesWhole(_ row: UTF8Case) {
        var validator = UTF8Validator()
        for byte in row.bytes {
            validator.feed([byte])
        }
        #expect(validator.status == row.afterFeed)
        #expect(validator.finish() == row.atFinish)
    }

    @Test("The validator fails exactly when the first impossible byte arrives", arguments: Self.cases)
    func failsFastAtTheOffendingByte(_ row: UTF8Case) {
        guard case .invalid(let offset) = row.afterFeed else { return }
        var validator = UTF8Validator()
        for (index, byte) in row.bytes.enumerated() {
            let status = validator.feed([byte])
            if index < offset {
                if case .invalid = status { Issue.record("failed early, at byte \(index)") }
            } else {
                #expect(status == .invalid(offset: offset))
            }
        }
    }

    @Test("Bytes after the first invalid one do not move the reported offset")
    func keepsFirstInvalidOffset() {
        var validator = UTF8Validator()
        validator.feed([0x41, 0xFF])
        #expect(validator.feed([0xC0, 0x41, 0x42]) == .invalid(offset: 1))
        #expect(validator.finish() == .invalid(offset: 1))
    }

    @Test("Offsets count from the first byte ever fed, across chunks")
    func offsetsSpanChunks() {
        var validator = UTF8Validator()
        #expect(validator.feed(Array("abc".utf8)) == .valid)
        #expect(validator.feed([0xE2, 0x82]) == .incomplete)
        #expect(validator.feed([0xAC, 0x41]) == .valid)
        #expect(validator.feed([0xED, 0xBF]) == .invalid(offset: 8))
        #expect(validator.bytesFed == 8)
    }

    @Test("An invalid or multi-byte sequence is found at every position within and after an ASCII run")
    func asciiRunsKeepExactOffsets() {
        for position in 0..<40 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 48)
            bytes[position] = 0xFF
            #expect(UTF8Validator.validate(bytes) == .invalid(offset: position))
            bytes[position] = 0xC3
            bytes[position + 1] = 0xA4  // "ä" in the middle of the run
            #expect(UTF8Validator.validate(bytes) == .valid)
            #expect(UTF8Validator.validate(bytes[..<(position + 1)]) == .invalid(offset: position))
        }
    }

    @Test("Every two-byte input agrees with the standard library's UTF-8 decoder")
    func agreesWithStandardLibraryOnAllTwoByteInputs() {
        var disagreements = 0
        for first in 0...255 {
            for second in 0...255 {
                let bytes = [UInt8(first), UInt8(second)]
                let ours = UTF8Validator.validate(bytes) == .valid
                let theirs = String(validating: bytes, as: UTF8.self) != nil
                if ours != theirs { disagreements += 1 }
            }
        }
        #expect(disagreements == 0)
    }

    @Test(
        "Every three-byte input after a tricky lead byte agrees with the standard library",
        arguments: [UInt8(0xE0), 0xED, 0xEF, 0xF0, 0xF4]
    )
    func agreesWithStandardLibraryAfterLeadByte(_ lead: UInt8) {
        var disagreements = 0
        for second in 0...255 {
            for third in 0...255 {
                let bytes = [lead, UInt8(second), UInt8(third)]
                let ours = UTF8Validator.validate(bytes) == .valid
                let theirs = String(validating: bytes, as: UTF8.self) != nil
                if ours != theirs { disagreements += 1 }
            }
        }
        #expect(disagreements == 0)
    }
}
