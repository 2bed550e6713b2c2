import GauntletCore
import WebSocketWire

/// Renders a case's timeline as short lines, so JUnit failures, Markdown and HTML tell the same story in the
/// same words: `+12.3 ms  <- frame text fin len=5`.
enum EventText {
    /// One line for an event, with an arrow for its direction: `->` sent by Gauntlet, `<-` from the target.
    static func line(_ event: ObservedEvent) -> String {
        let time = "+" + Self.milliseconds(event.atMilliseconds) + " ms"
        return time.padding(toWidth: 12) + Self.describe(event.kind)
    }

    static func describe(_ kind: ObservedEvent.Kind) -> String {
        switch kind {
        case .connected(let address): "connected to \(address)"
        case .connectFailed(let reason): "connect failed: \(reason)"
        case .handshakeSent(let requestLine): "-> \(requestLine)"
        case .handshakeReceived(let status, let phrase): "<- HTTP \(status) \(phrase)"
        case .handshakeFailed(let reason): "handshake failed: \(reason)"
        case .frameSent(let opcode, let fin, let length):
            "-> frame \(Self.opcode(opcode))\(fin ? " fin" : "") len=\(length)"
        case .bytesSent(let count): "-> \(count) raw bytes"
        case .frameReceived(let opcode, let fin, let rsv, let masked, let length):
            "<- frame \(Self.opcode(opcode))\(fin ? " fin" : "")\(rsv != 0 ? " rsv=\(rsv)" : "")"
                + "\(masked ? " masked" : "") len=\(length)"
        case .violation(let rule, let section, let detail, let offset):
            "!! \(rule) (\(section)) at byte \(offset): \(detail)"
        case .messageReceived(let kind, let length): "<- message \(kind) len=\(length)"
        case .closeSent(let code, let reason): "-> close \(code.map(String.init) ?? "(no code)") \(reason)"
        case .closeReceived(let code, let reason): "<- close \(code.map(String.init) ?? "(no code)") \(reason)"
        case .tcpClosedByPeer(let reset): "<- TCP \(reset ? "reset" : "FIN") from the target"
        case .tcpDroppedByHarness(let reason): "-> TCP dropped by Gauntlet: \(reason)"
        case .timeout(let waitingFor): "timed out waiting for \(waitingFor)"
        }
    }

    /// The opcode's name, or its number when reserved.
    static func opcode(_ value: UInt8) -> String {
        switch value {
        case 0: "continuation"
        case 1: "text"
        case 2: "binary"
        case 8: "close"
        case 9: "ping"
        case 10: "pong"
        default: "opcode=\(value)"
        }
    }

    /// The last `limit` events, with a note of how many earlier ones were left out: failures show at the end.
    static func excerpt(_ events: [ObservedEvent], limit: Int) -> [String] {
        let kept = events.suffix(limit).map(Self.line)
        let dropped = events.count - kept.count
        return (dropped > 0 ? ["... \(dropped) earlier events"] : []) + kept
    }

    /// `12.3`, one decimal, stable across platforms.
    static func milliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `text` cut to `limit` characters with an ellipsis, so one odd reason cannot swamp a report.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

extension String {
    fileprivate func padding(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(1, width - self.count))
    }
}
