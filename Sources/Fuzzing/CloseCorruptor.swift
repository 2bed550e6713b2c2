/// Close-frame payloads around the rules of RFC 6455 §5.5.1 and §7.4: codes that must never be sent, codes outside
/// every range, one-byte payloads, reasons that are not UTF-8 or that overflow the 125-byte control limit, and the
/// valid codes beside them, so a server's close path is exercised on both sides of each rule.
enum CloseCorruptor {
    /// Codes to try: valid (1000, 1001, 1003, 3000, 4999) and invalid (0, 999, 1004-1006, 1015, 1016, 2999, 5000,
    /// 65535).
    static let codes: [UInt16] = [
        1000, 1001, 1003, 3000, 4999, 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535,
    ]

    static func payload(using random: inout FuzzRandom) -> (bytes: [UInt8], note: String) {
        let code = Self.codes[random.index(Self.codes.count)]
        var bytes = [UInt8(code >> 8), UInt8(code & 0xFF)]
        switch random.int(0...4) {
        case 0:
            return ([bytes[0]], "close payload of one byte")
        case 1:
            bytes += [0x62, 0x79, 0x65, 0xFF]
            return (bytes, "close \(code) with a reason that is not UTF-8")
        case 2:
            bytes += Array(repeating: 0x78, count: 124)
            return (bytes, "close \(code) with a 126-byte payload")
        case 3:
            return ([], "close without a code")
        default:
            bytes += Array("bye".utf8)
            return (bytes, "close \(code)")
        }
    }
}
