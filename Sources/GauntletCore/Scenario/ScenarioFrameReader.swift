import MessageSchema
import WebSocketWire

/// Reads the raw parts of `send`: `binary` as hex and `frames`, a list of frames built with the wire layer, valid
/// or not (reserved bits, any opcode, unmasked, unfinished), so a script can mix protocol and malformed traffic.
struct ScenarioFrameReader {
    static let opcodes: [String: Opcode] = [
        "continuation": .continuation, "text": .text, "binary": .binary, "close": .close, "ping": .ping,
        "pong": .pong,
    ]

    /// The octets of a hex string such as `"0a ff 10"` (spaces allowed).
    static func hex(_ node: ScenarioNode) throws(ScenarioLoadError) -> [UInt8] {
        let digits = Array(try node.string().filter { !$0.isWhitespace })
        guard digits.count.isMultiple(of: 2) else {
            throw node.error("\(node.keyName) needs an even number of hex digits")
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
                throw node.error("\(node.keyName) must be hex digits such as \"0a ff\"")
            }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    /// One entry of `frames`: `{opcode, text | hex, fin, rsv1, rsv2, rsv3, masked}`.
    static func frame(_ node: ScenarioNode) throws(ScenarioLoadError) -> Frame {
        try node.allowKeys(["opcode", "text", "hex", "fin", "rsv1", "rsv2", "rsv3", "masked"])
        let opcodeNode = try node.required("opcode")
        let opcode: Opcode
        if case .integer(let number) = opcodeNode.value, (0...15).contains(number),
            let raw = Opcode(rawValue: UInt8(number))
        {
            opcode = raw
        } else if let named = Self.opcodes[try opcodeNode.string()] {
            opcode = named
        } else {
            let names = Self.opcodes.keys.sorted().joined(separator: ", ")
            throw opcodeNode.error("opcode must be one of \(names) or a number 0-15")
        }
        var payload: [UInt8] = []
        if let text = try node.optional("text") { payload = Array(try text.string().utf8) }
        if let hex = try node.optional("hex") { payload = try Self.hex(hex) }
        func flag(_ key: String, _ fallback: Bool) throws(ScenarioLoadError) -> Bool {
            guard let child = try node.optional(key) else { return fallback }
            guard case .bool(let value) = child.value else { throw child.error("\(key) must be true or false") }
            return value
        }
        return Frame(
            fin: try flag("fin", true), rsv1: try flag("rsv1", false), rsv2: try flag("rsv2", false),
            rsv3: try flag("rsv3", false), opcode: opcode,
            maskingKey: try flag("masked", true) ? .random() : nil, payload: payload)
    }
}
