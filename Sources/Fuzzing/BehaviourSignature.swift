import GauntletCore
import MessageSchema

/// What a server did with one input, reduced to features: the kinds and message types of its replies, its close
/// code, the error codes it sent, how TCP ended and how long it took (in powers-of-four buckets).
///
/// This is the fuzzer's coverage signal. We cannot see inside a black-box server, but a response it has not given
/// before means the input took a path the corpus has not: such inputs are kept and mutated further, as AFL keeps
/// inputs that light up a new edge.
public struct BehaviourSignature: Sendable, Hashable {
    public var features: Set<String>

    public init(features: Set<String>) {
        self.features = features
    }

    /// Timing buckets in milliseconds: under 1, 4, 16, 64, 256, 1024, then slower.
    static let timingBuckets: [Double] = [1, 4, 16, 64, 256, 1024]

    /// The features of `observation` for `input`; `errorCodes` reads error codes when a protocol is known.
    public init(
        _ observation: Observation, endpoint: EndpointCheck?, configuration: OracleConfiguration
    ) {
        var features: Set<String> = []
        let received = observation.received
        let start = received.firstIndex(of: .marker(FuzzInput.marker)).map { $0 + 1 } ?? received.endIndex
        if start > received.count { features.insert("prelude-failed") }
        for event in received[min(start, received.count)...] {
            switch event {
            case .text(let bytes):
                guard let endpoint else {
                    features.insert("text")
                    continue
                }
                let (name, value, problem) = endpoint.classifyServerMessage(bytes)
                features.insert("message:\(name ?? "unknown")\(problem == nil ? "" : "!invalid")")
                if let name, name == configuration.errorMessage {
                    features.insert("error:\(FuzzOracle.errorCode(value, configuration))")
                }
            case .binary, .digest: features.insert("binary")
            case .ping: features.insert("ping")
            case .pong: features.insert("pong")
            case .marker: break
            }
        }
        let closing = observation.closing
        if closing.closeReceived {
            features.insert("close:\(closing.serverCode.map { String($0.rawValue) } ?? "none")")
            features.insert(closing.closedByHarness ? "close:answered" : "close:initiated")
        } else {
            features.insert("close:missing")
        }
        if closing.resetByPeer { features.insert("tcp:reset") }
        if closing.droppedByHarness { features.insert("tcp:dropped-by-harness") }
        if !observation.violations.isEmpty { features.insert("violation:\(observation.violations[0].kind.rawValue)") }
        let milliseconds = observation.duration.milliseconds
        let bucket = Self.timingBuckets.firstIndex { milliseconds < $0 } ?? Self.timingBuckets.count
        features.insert("time:\(bucket)")
        self.features = features
    }
}
