/// The four parameters of one permessage-deflate offer or response (RFC 7692 §7.1), checked for duplicates, unknown
/// names and bad values (§5: such an offer must be declined, such a response must fail the connection).
public struct PerMessageDeflateParameters: Hashable, Sendable, CustomStringConvertible {
    /// The registered extension token (RFC 7692 §7).
    public static let extensionName = "permessage-deflate"
    /// The window sizes a value may name (§7.1.2.1, §7.1.2.2).
    public static let windowBitsRange = 8...15

    /// `client_max_window_bits` may stand without a value in an offer (§7.1.2.2): "I can limit my window".
    public enum ClientWindowBits: Hashable, Sendable {
        /// Present without a value: only allowed in an offer.
        case noValue
        /// Present with a value in 8...15.
        case bits(Int)

        /// The value, or nil for `.noValue`.
        public var value: Int? {
            if case .bits(let bits) = self {
                return bits
            }
            return nil
        }
    }

    /// §7.1.1.1: the server will reset its compression context after each message.
    public var serverNoContextTakeover: Bool
    /// §7.1.1.2: the client will reset its compression context after each message.
    public var clientNoContextTakeover: Bool
    /// §7.1.2.1: the largest LZ77 window (as a base-2 logarithm) the server may compress with; always valued.
    public var serverMaxWindowBits: Int?
    /// §7.1.2.2: the largest window the client may compress with, or only the client's support for the parameter.
    public var clientMaxWindowBits: ClientWindowBits?

    /// Creates parameters; no value is checked here (use `init(element:)` for peer input).
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int? = nil,
        clientMaxWindowBits: ClientWindowBits? = nil
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Reads the parameters of a `permessage-deflate` element: §7 allows only the four names, each at most once;
    /// the context-takeover flags take no value (§7.1.1) and window bits are decimal 8...15 without a leading zero
    /// (§7.1.2). `client_max_window_bits` without a value is accepted here; a response must check it has one.
    public init(element: ExtensionElement) throws(PerMessageDeflateError) {
        self.init()
        var seen: Set<String> = []
        for (rawName, value) in element.parameters {
            let name = rawName.lowercased()
            guard seen.insert(name).inserted else {
                throw .duplicateParameter(rawName)
            }
            switch name {
            case "server_no_context_takeover":
                guard value == nil else {
                    throw .invalidValue(rawName, value, section: "7.1.1.1")
                }
                self.serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard value == nil else {
                    throw .invalidValue(rawName, value, section: "7.1.1.2")
                }
                self.clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let bits = value.flatMap(Self.windowBits) else {
                    throw .invalidValue(rawName, value, section: "7.1.2.1")
                }
                self.serverMaxWindowBits = bits
            case "client_max_window_bits":
                if let value {
                    guard let bits = Self.windowBits(value) else {
                        throw .invalidValue(rawName, value, section: "7.1.2.2")
                    }
                    self.clientMaxWindowBits = .bits(bits)
                } else {
                    self.clientMaxWindowBits = .noValue
                }
            default:
                throw .unknownParameter(rawName)
            }
        }
    }

    /// §7.1.2: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
    static func windowBits(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        guard (1...2).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits[0] != UInt8(ascii: "0"), let bits = Int(text), Self.windowBitsRange.contains(bits)
        else {
            return nil
        }
        return bits
    }

    /// The element to send, parameters in the order RFC 7692 lists them.
    public var element: ExtensionElement {
        var element = ExtensionElement(name: Self.extensionName)
        if self.serverNoContextTakeover {
            element.parameters.append(("server_no_context_takeover", nil))
        }
        if self.clientNoContextTakeover {
            element.parameters.append(("client_no_context_takeover", nil))
        }
        if let bits = self.serverMaxWindowBits {
            element.parameters.append(("server_max_window_bits", String(bits)))
        }
        switch self.clientMaxWindowBits {
        case .noValue:
            element.parameters.append(("client_max_window_bits", nil))
        case .bits(let bits):
            element.parameters.append(("client_max_window_bits", String(bits)))
        case nil:
            break
        }
        return element
    }

    /// The header text, e.g. `permessage-deflate; client_max_window_bits`.
    public var description: String {
        self.element.description
    }

    /// Every `permessage-deflate` element of a header, each parsed or the reason it is invalid; other
    /// extensions are left out. A server declines the invalid ones (§5); a client fails on any (§5).
    public static func offers(in elements: [ExtensionElement]) -> [Result<Self, PerMessageDeflateError>] {
        elements.filter { $0.name.lowercased() == Self.extensionName }.map { element in
            do throws(PerMessageDeflateError) {
                return .success(try Self(element: element))
            } catch {
                return .failure(error)
            }
        }
    }
}
