import Foundation
import MessageSchema

/// The oracles of one protocol: which are on, which server message is the protocol's error answer, which error
/// codes a valid request may still earn (a valid `unsubscribe` of a topic never subscribed is `not_found`), and which
/// close codes count as a policy refusal of bad input, and whether a message that repeats a key must be refused.
///
/// Defaults come from the protocol; a small YAML file (`--oracles`, docs/corpus.md) overrides them, because
/// only the protocol's authors know that `not_found` is an answer and `internal` is a bug.
public struct OracleConfiguration: Sendable, Hashable {
    public var enabled: Set<FuzzOracle.Kind>
    /// The server message that reports an error, by name; nil when the protocol has none.
    public var errorMessage: String?
    /// Where an error message keeps its code (a JSON Pointer), for signatures and `allowedErrorCodes`.
    public var errorCodePointer: String
    /// Error codes a valid request may get without it being a finding.
    public var allowedErrorCodes: Set<String>
    /// Close codes that refuse invalid application input acceptably (RFC 6455 §7.4.1).
    public var policyCloseCodes: Set<UInt16>
    /// Whether a message whose only fault is a repeated key (valid once the last value wins) is invalid input the
    /// server must refuse. RFC 8259 §4 leaves duplicate names unpredictable and many parsers keep the last, so a
    /// protocol whose servers accept them switches this off rather than the whole `invalid-input-accepted` oracle.
    public var refusesDuplicateKeys: Bool

    public init(
        enabled: Set<FuzzOracle.Kind> = Set(FuzzOracle.Kind.allCases), errorMessage: String? = nil,
        errorCodePointer: String = "/payload/code", allowedErrorCodes: Set<String> = [],
        policyCloseCodes: Set<UInt16> = [1003, 1007, 1008, 1009], refusesDuplicateKeys: Bool = true
    ) {
        self.enabled = enabled
        self.errorMessage = errorMessage
        self.errorCodePointer = errorCodePointer
        self.allowedErrorCodes = allowedErrorCodes
        self.policyCloseCodes = policyCloseCodes
        self.refusesDuplicateKeys = refusesDuplicateKeys
    }

    /// The defaults for `endpoint`: its error message is the server message named `error` (or ending in `error`).
    public static func defaults(for endpoint: ProtocolEndpoint?) -> OracleConfiguration {
        let servers = endpoint?.messages(sentBy: .serverToClient).map(\.name) ?? []
        let error = servers.first { $0 == "error" } ?? servers.first { $0.lowercased().hasSuffix("error") }
        return OracleConfiguration(errorMessage: error)
    }

    /// Reads overrides from a YAML or JSON file on top of `base`:
    /// `disabled: [hang]`, `error_message: error`, `error_code: /payload/code`,
    /// `allowed_error_codes_on_valid: [not_found]`, `policy_close_codes: [1003, 1008]`,
    /// `refuse_duplicate_keys: false`.
    public static func load(path: String, base: OracleConfiguration) throws(ProtocolLoadError) -> OracleConfiguration {
        let document = try SourceDocument.load(path: path)
        var configuration = base
        func fail(_ key: String, _ message: String) -> ProtocolLoadError {
            ProtocolLoadError(file: path, position: document.position(of: JSONPointer(tokens: [key])), message: message)
        }
        guard let object = document.value.objectValue else {
            throw ProtocolLoadError(file: path, position: nil, message: "an oracle file must be a mapping")
        }
        let known = [
            "disabled", "error_message", "error_code", "allowed_error_codes_on_valid", "policy_close_codes",
            "refuse_duplicate_keys",
        ]
        for member in object {
            switch member.key {
            case "disabled":
                for name in member.value.arrayValue ?? [] {
                    guard let kind = name.stringValue.flatMap(FuzzOracle.Kind.init(rawValue:)) else {
                        let names = FuzzOracle.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                        throw fail(member.key, "disabled lists oracle names: \(names)")
                    }
                    configuration.enabled.remove(kind)
                }
            case "error_message":
                configuration.errorMessage = member.value.stringValue
            case "error_code":
                guard let pointer = member.value.stringValue, JSONPointer(pointer) != nil else {
                    throw fail(member.key, "error_code must be a JSON Pointer such as /payload/code")
                }
                configuration.errorCodePointer = pointer
            case "allowed_error_codes_on_valid":
                configuration.allowedErrorCodes = Set((member.value.arrayValue ?? []).compactMap(\.stringValue))
            case "policy_close_codes":
                let codes = (member.value.arrayValue ?? []).compactMap { value -> UInt16? in
                    if case .integer(let code) = value, (1000...4999).contains(code) { return UInt16(code) }
                    return nil
                }
                guard codes.count == member.value.arrayValue?.count else {
                    throw fail(member.key, "policy_close_codes lists close codes from 1000 to 4999")
                }
                configuration.policyCloseCodes = Set(codes)
            case "refuse_duplicate_keys":
                guard case .bool(let refuses) = member.value else {
                    throw fail(member.key, "refuse_duplicate_keys is true or false")
                }
                configuration.refusesDuplicateKeys = refuses
            default:
                throw fail(member.key, "unknown key '\(member.key)' (allowed: \(known.joined(separator: ", ")))")
            }
        }
        return configuration
    }
}
