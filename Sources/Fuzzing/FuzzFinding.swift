import Foundation
import GauntletCore

/// One defect the fuzzer found: the oracle that fired, the input that made it fire (and its minimized form), and
/// everything needed to run it again. Duplicates (same oracle and signature) fold into one finding with a count.
public struct FuzzFinding: Sendable, Codable, Hashable {
    /// `<oracle>-<8 hex digits of the signature's hash>`: the same defect gets the same folder run after run.
    public var id: String
    public var oracle: FuzzOracle.Kind
    public var signature: String
    public var detail: String
    /// The fuzz case that first showed it, `F.<seed>.<iteration>`.
    public var caseID: String
    public var seed: UInt64
    public var iteration: UInt64
    public var layer: FuzzInput.Layer.RawValue
    public var intent: FuzzInput.Intent.RawValue
    /// How to reach the target again: its URL (with a launched target, the port is chosen afresh on replay).
    public var target: String
    public var launch: String?
    public var protocolPath: String?
    public var preludePath: String?
    public var oraclesPath: String?
    /// Every wait of the run, so replay judges with the same patience.
    public var replyTimeoutMilliseconds: Int
    public var hangTimeoutMilliseconds: Int
    /// How many inputs hit this oracle and signature in the run.
    public var occurrences: Int
    public var secondsIntoRun: Double
    public var inputBytes: Int
    public var reproducerBytes: Int
    public var minimized: Bool

    /// The folder name for `oracle` and `signature`.
    public static func id(oracle: FuzzOracle.Kind, signature: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in signature.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash & 0xFFFF_FFFF, radix: 16)
        return "\(oracle.rawValue)-\(String(repeating: "0", count: 8 - digits.count))\(digits)"
    }
}
