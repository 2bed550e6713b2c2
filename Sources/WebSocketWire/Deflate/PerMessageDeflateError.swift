/// Why a permessage-deflate header, negotiation or message was refused (RFC 7692). A struct wrapping a private enum,
/// like `HandshakeError`, so kinds can be added later; `rfcSection` and `detail` say which rule and where.
public struct PerMessageDeflateError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case malformedHeader
        case unknownParameter
        case duplicateParameter
        case invalidValue
        case unexpectedExtension
        case outsideOffer
        case tooManyResponses
        case unsupportedWindowBits
        case corruptData
        case decompressedTooLarge
        case ratioTooHigh
        case zlibFailure
    }

    private let kind: Kind
    /// The RFC 7692 (or RFC 6455) section whose rule was broken, e.g. `"RFC 7692 7.1.2.2"`.
    public let rfcSection: String
    /// A sentence for a human, naming the offending parameter, value or limit.
    public let detail: String

    private init(_ kind: Kind, _ rfcSection: String, _ detail: String) {
        self.kind = kind
        self.rfcSection = rfcSection
        self.detail = detail
    }

    /// The `Sec-WebSocket-Extensions` value does not follow the grammar of RFC 6455 §9.1.
    public static func malformedHeader(_ detail: String, offset: Int) -> Self {
        .init(.malformedHeader, "RFC 6455 9.1", "\(detail) (at character \(offset))")
    }

    /// §7: a parameter that permessage-deflate does not define.
    public static func unknownParameter(_ name: String) -> Self {
        .init(.unknownParameter, "RFC 7692 7", "unknown permessage-deflate parameter \"\(name)\"")
    }

    /// §7: the same parameter appears twice in one offer or response.
    public static func duplicateParameter(_ name: String) -> Self {
        .init(.duplicateParameter, "RFC 7692 7", "parameter \"\(name)\" appears more than once")
    }

    /// §7.1.1, §7.1.2: a value where none is allowed, none where one is needed, or one outside 8...15.
    public static func invalidValue(_ name: String, _ value: String?, section: String) -> Self {
        let shown = value.map { "\"\($0)\"" } ?? "no value"
        return .init(.invalidValue, "RFC 7692 \(section)", "parameter \"\(name)\" has an invalid value: \(shown)")
    }

    /// RFC 6455 §9.1: the server answered with an extension the client did not offer, or answered twice.
    public static func unexpectedExtension(_ detail: String) -> Self {
        .init(.unexpectedExtension, "RFC 6455 9.1", detail)
    }

    /// §7.1: the response is well formed but no offer the client made allows it.
    public static func outsideOffer(_ detail: String, section: String) -> Self {
        .init(.outsideOffer, "RFC 7692 \(section)", detail)
    }

    /// RFC 6455 §9.1: permessage-deflate may be accepted at most once (a fallback list gets one answer).
    public static var tooManyResponses: Self {
        .init(.tooManyResponses, "RFC 7692 5", "the response accepts permessage-deflate more than once")
    }

    /// zlib cannot compress a raw deflate stream with this window (see `PerMessageDeflateCodec`).
    public static func unsupportedWindowBits(_ bits: Int) -> Self {
        .init(.unsupportedWindowBits, "RFC 7692 7.1.2", "window bits \(bits) are outside 8...15")
    }

    /// §7.2.2: the payload does not inflate (bad block, or a distance beyond the agreed window).
    public static func corruptData(_ detail: String) -> Self {
        .init(.corruptData, "RFC 7692 7.2.2", detail)
    }

    /// The inflated message grew beyond the configured limit (a "zip bomb" guard, RFC 6455 §10.4).
    public static func decompressedTooLarge(limit: Int) -> Self {
        .init(.decompressedTooLarge, "RFC 6455 10.4", "the inflated message exceeds the limit of \(limit) bytes")
    }

    /// The inflated message grew more than `limit` times larger than its compressed payload (RFC 6455 §10.4).
    public static func ratioTooHigh(limit: Int, inflated: Int, compressed: Int) -> Self {
        .init(
            .ratioTooHigh,
            "RFC 6455 10.4",
            "\(compressed) compressed bytes inflated to \(inflated) or more, beyond the ratio limit of \(limit):1"
        )
    }

    /// zlib itself failed (out of memory, internal error); the context names the operation.
    public static func zlibFailure(_ detail: String) -> Self {
        .init(.zlibFailure, "RFC 7692 7.2", detail)
    }

    /// Whether two errors are of the same kind, whatever their detail.
    public func isSameKind(as other: PerMessageDeflateError) -> Bool {
        self.kind == other.kind
    }

    public var description: String {
        "\(self.detail) (\(self.rfcSection))"
    }
}
