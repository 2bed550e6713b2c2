import Foundation
import GauntletCore

/// The files of one finding besides `finding.json`, as the campaign gathered them.
public struct FindingEvidence: Sendable {
    public var input: FuzzInput
    public var reproducer: FuzzInput?
    /// Every byte the harness wrote on the connection (handshake, prelude, input, close), as the transcript kept it.
    public var sentBytes: [UInt8]
    public var observation: Observation?
    public var serverLog: String?

    public init(
        input: FuzzInput, reproducer: FuzzInput?, sentBytes: [UInt8], observation: Observation?, serverLog: String?
    ) {
        self.input = input
        self.reproducer = reproducer
        self.sentBytes = sentBytes
        self.observation = observation
        self.serverLog = serverLog
    }

    /// The observation as text, one event per line, for `observation.txt`.
    public static func describe(_ observation: Observation?) -> String {
        guard let observation else { return "(no observation: the finding is about the process, see finding.json)\n" }
        var lines = ["handshake: \(observation.handshake)", "duration: \(observation.duration)"]
        lines.append("received: " + observation.received.map(\.summary).joined(separator: ", "))
        lines.append("closing: \(observation.closing)")
        lines += observation.violations.map { "violation: RFC 6455 §\($0.rfcSection): \($0.detail)" }
        lines.append("events:")
        for event in observation.events {
            lines.append(String(format: "  %9.1f ms  ", event.atMilliseconds) + "\(event.kind)")
        }
        if observation.omittedEvents > 0 { lines.append("  (\(observation.omittedEvents) more events not kept)") }
        for event in observation.received {
            if case .text(let bytes) = event {
                lines.append("text: " + String(decoding: bytes.prefix(2000), as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
