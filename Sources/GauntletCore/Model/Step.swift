import WebSocketWire

/// One thing a case does on its connection after the opening handshake.
///
/// Steps are data, so the built-in catalogue, scenarios and the fuzzer all describe stimulus the same way and one
/// executor runs them all.
public enum Step: Sendable, Hashable {
    /// Write a frame exactly as encoded; `chopSize` splits the bytes into writes of that many octets and `pause`
    /// waits between them, to prove the peer reassembles across TCP segments.
    case send(Frame, chopSize: Int? = nil, pause: Duration? = nil)
    /// Write raw bytes that need not form frames at all.
    case sendBytes([UInt8], chopSize: Int? = nil, pause: Duration? = nil)
    /// Wait, while still reading what the peer sends.
    case sleep(Duration)
    /// After `delay`, start the closing handshake with `code` unless the connection is already closing. Autobahn's
    /// `closeAfter`: the case ends early when the expected events arrive first.
    case closeAfter(Duration, code: CloseCode = .normalClosure)
    /// Give the peer up to `delay` to end the connection, then drop TCP. Autobahn's `killAfter`.
    case killAfter(Duration)
    /// Start the closing handshake with exactly `payload` as the close frame's body, valid or not (RFC 6455 §5.5.1),
    /// so close-code and close-reason cases still count as closed by the harness.
    case sendClose(payload: [UInt8])
    /// A sync point: if the connection is still open, record `.marker(tag)` and go on; otherwise stop the steps.
    /// Autobahn's `continueLater` with a tag, used where the verdict depends on *when* the server failed.
    case mark(String)
    /// Send one message generated from `payload` at run time, split into frames of `fragmentSize` octets (nil: one
    /// frame) and written in chops of `chopSize` octets (nil: one write). Section 9 uses it so cases stay small.
    /// When permessage-deflate was agreed the message is compressed first and the fragments cut from the
    /// compressed bytes, RSV1 on the first frame only (RFC 7692 §6.1), as Autobahn's auto-fragmentation does.
    case sendMessage(Opcode, PayloadPattern, fragmentSize: Int? = nil, chopSize: Int? = nil)
    /// Wait until `count` events have arrived in total (or `timeout` passes), as Autobahn's round-trip cases do.
    case awaitEvents(count: Int, timeout: Duration)
    /// Wait until the peer sends a message or its close after the `.mark(tag)` sync point (pings and pongs do not
    /// count), the connection ends, or `timeout` passes. The fuzzer waits this way for the answer to a request
    /// before it starts closing, so a slow answer is not mistaken for none.
    case awaitReply(after: String, timeout: Duration)
    /// Round trips of messages cut from a payload file, compressed when permessage-deflate was agreed (sections 12
    /// and 13); each message is recorded in `Observation.sentMessages`.
    case echoRounds(EchoRounds)
}

extension Step {
    /// Sends a well-formed, masked client frame.
    public static func send(_ opcode: Opcode, _ payload: [UInt8], chopSize: Int? = nil) -> Step {
        .send(Frame.client(opcode, payload: payload), chopSize: chopSize)
    }
}
