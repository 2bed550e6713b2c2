import Foundation
import GauntletCore

/// Removes known secret values (what a scenario read from `${env.NAME}`, auth tokens) from everything a case report
/// carries: reasons, the request line, handshake headers, received previews and the transcript, including the
/// payloads of masked client frames, which hold a token masked and so escape a plain search.
///
/// `Redaction` knows secrets by *where* they travel (a `token` parameter, an `Authorization` header); this knows
/// them by *value*, so a token in a custom header, a message body or an echo from the server is caught too.
/// Frame bytes are replaced length for length (`*`), so the transcript still parses frame by frame.
struct SecretScrubber {
    /// Each secret as bytes, with its percent-encoded form when that differs, longest first.
    private let needles: [[UInt8]]

    init(_ secrets: Set<String>) {
        var needles: Set<[UInt8]> = []
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        // Very short values would redact unrelated bytes everywhere; a real credential is longer.
        for secret in secrets where secret.utf8.count >= 4 {
            needles.insert(Array(secret.utf8))
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: allowed) {
                needles.insert(Array(encoded.utf8))
            }
        }
        self.needles = needles.sorted { $0.count > $1.count }
    }

    var isEmpty: Bool { self.needles.isEmpty }

    /// `text` with every secret replaced by `REDACTED`.
    func text(_ text: String) -> String {
        guard !self.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for needle in self.needles {
            bytes = Self.replacing(needle, in: bytes, with: Array(Redaction.placeholder.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` with every secret overwritten by as many `*`, so lengths and offsets stay the same.
    func bytes(_ bytes: [UInt8]) -> [UInt8] {
        guard !self.isEmpty else { return bytes }
        var output = bytes
        for needle in self.needles {
            output = Self.replacing(
                needle, in: output, with: [UInt8](repeating: UInt8(ascii: "*"), count: needle.count))
        }
        return output
    }

    /// The client's frame stream (after the HTTP request) with secrets scrubbed inside masked payloads too: each
    /// payload is unmasked, scrubbed and masked again with its own key. A stream cut short (the transcript cap)
    /// is scrubbed as far as it goes.
    func clientFrames(_ stream: [UInt8]) -> [UInt8] {
        guard !self.isEmpty else { return stream }
        var output = self.bytes(stream)
        var offset = 0
        while offset + 2 <= output.count {
            let masked = output[offset + 1] & 0x80 != 0
            var length = Int(output[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard offset + 4 <= output.count else { break }
                length = Int(output[offset + 2]) << 8 | Int(output[offset + 3])
                header = 4
            } else if length == 127 {
                guard offset + 10 <= output.count else { break }
                length = output[(offset + 2)..<(offset + 10)].reduce(0) { ($0 << 8) | Int($1) }
                header = 10
            }
            guard length >= 0, length <= output.count else { break }
            let keyStart = offset + header
            let payloadStart = keyStart + (masked ? 4 : 0)
            let payloadEnd = min(payloadStart + length, output.count)
            guard payloadStart <= payloadEnd else { break }
            if masked {
                let key = Array(output[keyStart..<payloadStart])
                var payload = Array(output[payloadStart..<payloadEnd])
                for index in payload.indices { payload[index] ^= key[index % 4] }
                payload = self.bytes(payload)
                for index in payload.indices { payload[index] ^= key[index % 4] }
                output.replaceSubrange(payloadStart..<payloadEnd, with: payload)
            }
            offset = payloadStart + length
        }
        return output
    }

    private static func replacing(_ needle: [UInt8], in haystack: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                output += replacement
                index += needle.count
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return output
    }
}
