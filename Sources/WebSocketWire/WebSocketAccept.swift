import Crypto

/// The `Sec-WebSocket-Accept` computation (RFC 6455 §4.2.2 step 5.4): a server proves it read the client's key
/// by hashing it with a fixed GUID. Uses swift-crypto's SHA-1 because NIO's is internal.
public enum WebSocketAccept {
    /// The GUID RFC 6455 §1.3 appends to every key.
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// base64(SHA-1(key + GUID)); the key is used exactly as sent, without trimming or decoding.
    public static func value(forKey key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Array((key + Self.guid).utf8))
        return Self.base64(Array(digest))
    }

    /// Whether `key` is the base64 encoding of exactly 16 bytes, as §4.1 requires of `Sec-WebSocket-Key`.
    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard bytes.count == 24, bytes[22] == UInt8(ascii: "="), bytes[23] == UInt8(ascii: "=") else {
            return false
        }
        return bytes[0..<22].allSatisfy { Self.alphabet.contains($0) }
    }

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding (RFC 4648 §4); small enough not to need a dependency.
    static func base64(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2: UInt8 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(Self.alphabet[Int(b0 >> 2)])
            output.append(Self.alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? Self.alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? Self.alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
