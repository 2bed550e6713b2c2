/// A 4-bit frame opcode (RFC 6455 §5.2), kept as an open set (like NIOWebSocket's `WebSocketOpcode`) so a
/// conformance tool can send and record the reserved values 0x3–0x7 and 0xB–0xF as well as the defined ones.
public struct Opcode: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The opcode nibble, always in 0...15.
    public let rawValue: UInt8

    /// Wraps a nibble; returns nil for values that do not fit in the 4-bit opcode field.
    public init?(rawValue: UInt8) {
        guard rawValue <= 0x0F else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// Takes the low four bits of a header byte; used by the parser, where any nibble is possible.
    init(nibble byte: UInt8) {
        self.rawValue = byte & 0x0F
    }

    /// 0x0: continues a fragmented message (§5.4).
    public static let continuation = Opcode(nibble: 0x0)
    /// 0x1: first frame of a text message, whose payload must be UTF-8 (§5.6).
    public static let text = Opcode(nibble: 0x1)
    /// 0x2: first frame of a binary message (§5.6).
    public static let binary = Opcode(nibble: 0x2)
    /// 0x8: connection close (§5.5.1).
    public static let close = Opcode(nibble: 0x8)
    /// 0x9: ping, which the peer must answer with a pong (§5.5.2).
    public static let ping = Opcode(nibble: 0x9)
    /// 0xA: pong (§5.5.3).
    public static let pong = Opcode(nibble: 0xA)

    /// All sixteen opcodes, defined and reserved, in numeric order.
    public static var allCases: [Opcode] {
        (UInt8(0)...UInt8(0x0F)).map { Opcode(nibble: $0) }
    }

    /// Control opcodes have the high bit of the nibble set (§5.5); they may not be fragmented.
    public var isControl: Bool {
        self.rawValue & 0x08 != 0
    }

    /// Opcodes with no meaning in RFC 6455 (§5.2): 0x3–0x7 (data) and 0xB–0xF (control).
    public var isReserved: Bool {
        switch self.rawValue {
        case 0x3...0x7, 0xB...0xF:
            return true
        default:
            return false
        }
    }

    /// Text or binary: the opcodes that start a new message.
    public var isDataStart: Bool {
        self == .text || self == .binary
    }

    public var description: String {
        switch self {
        case .continuation: return "continuation"
        case .text: return "text"
        case .binary: return "binary"
        case .close: return "close"
        case .ping: return "ping"
        case .pong: return "pong"
        default:
            let hex = String(self.rawValue, radix: 16, uppercase: true)
            return self.isControl ? "reservedControl(0x\(hex))" : "reservedData(0x\(hex))"
        }
    }
}
