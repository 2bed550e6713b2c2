import WebSocketWire

/// Section 10, Miscellaneous: a 64 KiB text message auto-fragmented into 1300-octet frames must come back whole
/// (RFC 6455 §5.4: fragmentation must not change the message).
enum AutoFragmentationCases {
    static var all: [Case] {
        let payload = [UInt8](repeating: UInt8(ascii: "*"), count: 65536)
        let fragmentSize = 1300
        let frames = stride(from: 0, to: payload.count, by: fragmentSize).map { start in
            let end = min(payload.count, start + fragmentSize)
            return Frame.raw(start == 0 ? .text : .continuation, Array(payload[start..<end]), fin: end == payload.count)
        }
        return [
            .exchange(
                "10.1.1",
                "Send a text message of 65536 octets, auto-fragmented into frames of 1300 octets.",
                expectation: "The whole message is echoed, then a clean close with 1000.",
                rule: "RFC 6455 §5.4: an intermediary or endpoint may fragment a message anywhere; the receiver "
                    + "reassembles the same application data.",
                steps: frames.map { .send($0) } + [.killAfter(Waits.largeEcho)],
                expect: [.text(payload)]
            )
        ]
    }
}
