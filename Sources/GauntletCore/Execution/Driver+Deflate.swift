import WebSocketWire

/// The driver's permessage-deflate duties (RFC 7692): checking the server's answer against the case's offer, and
/// the round trips of sections 12 and 13. Kept beside `Driver` so the one engine stays one engine, in two files.
extension Driver {
    /// zlib level 1 for what the harness sends (see `negotiateDeflate`).
    static let harnessCompressionLevel: Int32 = 1

    /// Checks the `Sec-WebSocket-Extensions` answer against the case's offer and, when permessage-deflate was
    /// accepted, switches the session to it. Returns why the client must fail the connection, or nil.
    ///
    /// Without an offer there is nothing to check here: `upgradeViolations` already refuses an extension the client
    /// did not offer (RFC 6455 §4.1 item 5, §9.1).
    mutating func negotiateDeflate(_ response: HandshakeResponse) -> String? {
        guard let offer = self.testCase.handshake.deflate else { return nil }
        let elements: [ExtensionElement]
        do {
            elements = try ExtensionHeader.parse(response.values("Sec-WebSocket-Extensions"))
        } catch {
            return "\(Judge.cite(error.rfcSection)): the Sec-WebSocket-Extensions answer is malformed: \(error.detail)"
        }
        let accepted = elements.contains { $0.name.lowercased() == PerMessageDeflateParameters.extensionName }
        if accepted, offer.offers.isEmpty, let raw = offer.rawHeader {
            return "RFC 7692 §5: the server accepted permessage-deflate, but the only offer (\(raw)) was invalid and "
                + "had to be declined"
        }
        let agreement: PerMessageDeflateAgreement?
        do {
            agreement = try PerMessageDeflateNegotiation.validate(response: elements, offers: offer.offers)
        } catch {
            return "\(Judge.cite(error.rfcSection)): \(error.detail)"
        }
        guard let agreement else { return nil }
        let limits = PerMessageDeflateCodec.Limits(maxDecompressedSize: self.limits.maxMessageSize)
        do {
            // zlib's fastest level: any valid deflate stream tests the server's inflater equally, and the harness's
            // own compression is most of its CPU in sections 12 and 13.
            let codec = try PerMessageDeflateCodec(
                agreement: agreement, role: .client, limits: limits, compressionLevel: Self.harnessCompressionLevel)
            self.session.enableDeflate(codec)
        } catch {
            return "the harness could not start zlib for \(agreement): \(error.detail)"
        }
        return nil
    }

    /// Sends `rounds.count` messages cut from the payload file, each once the previous echo is in (Autobahn's
    /// `sendOne` / `onMessage`). Stops at the first wrong echo or at an echo that does not come in time; the judge
    /// then compares what came back with `Observation.sentMessages`.
    mutating func performEchoRounds(_ rounds: EchoRounds) async {
        self.session.digestsEveryMessage = true
        defer { self.session.expectedEcho = nil }
        let baseline = self.session.messageCount
        for index in 0..<rounds.count {
            guard !self.session.isFinished, !self.session.isClosing else { return }
            let message = rounds.payload.message(index, size: rounds.messageSize)
            let digest = PayloadDigest(isText: rounds.payload.isText, message)
            self.session.observation.sentMessages.append(.digest(digest))
            self.session.expectedEcho = (message, digest)
            await self.sendMessage(rounds.opcode, message, fragmentSize: rounds.fragmentSize, chopSize: nil)
            let wanted = baseline + index + 1
            let deadline = self.deadline(after: rounds.timeout)
            while !self.session.isFinished, self.session.messageCount < wanted, self.now < deadline {
                await self.pump(until: deadline, returningOnData: true)
            }
            guard self.session.messageCount >= wanted else {
                if !self.session.isFinished {
                    self.session.observation.timedOut = true
                    self.session.record(
                        .timeout(waitingFor: "the echo of message \(index + 1) of \(rounds.count)"), at: self.elapsed)
                }
                return
            }
            if let last = self.session.observation.received.last(where: Self.isMessage), last != .digest(digest) {
                return  // a wrong echo decides the case; the judge names it
            }
        }
    }

    private static func isMessage(_ event: ApplicationEvent) -> Bool {
        switch event {
        case .text, .binary, .digest: true
        case .ping, .pong, .marker: false
        }
    }
}
