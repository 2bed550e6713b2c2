import NIOCore
import NIOPosix
import WebSocketWire

/// Runs one case on its own connection: connect, upgrade, perform the steps, close, and hand back what was seen.
///
/// This is the only code that drives a target; catalogue cases, scenarios and fuzz cases all come through here.
struct CaseExecution {
    let testCase: Case
    let target: Target
    let limits: RunLimits
    /// Whether the case itself runs on `eventLoop` rather than the cooperative pool (`Runner.runsCasesOnEventLoops`).
    let onEventLoop: Bool
    /// The loop that owns the case's connections (and, with `onEventLoop`, runs the case).
    let eventLoop: any EventLoop

    private let clock = ContinuousClock()

    init(testCase: Case, target: Target, limits: RunLimits, onEventLoop: Bool = false) {
        self.testCase = testCase
        self.target = target
        self.limits = limits
        self.onEventLoop = onEventLoop
        self.eventLoop = onEventLoop ? CaseEventLoops.group.next() : MultiThreadedEventLoopGroup.singleton.next()
    }

    func run() async -> CaseResult {
        guard self.onEventLoop else { return await self.runHere() }
        return await withTaskExecutorPreference(EventLoopTaskExecutor(self.eventLoop)) {
            await self.runHere()
        }
    }

    private func runHere() async -> CaseResult {
        let start = self.clock.now
        if let script = self.testCase.scenario {
            var run = ScenarioRun(execution: self, script: script, start: start)
            await run.perform()
            return self.finish(run.observation(), start: start)
        }
        var observation = Observation(
            handshake: .rejected(nil, reasons: ["not attempted"]),
            transcript: Transcript(byteLimit: self.limits.maxTranscriptBytes)
        )
        let caseLimit = max(self.limits.caseLimit, self.testCase.timeLimit ?? .zero)
        let caseDeadline = start + self.limits.scaled(caseLimit)
        func elapsed() -> Double { start.duration(to: self.clock.now).milliseconds }

        let connection: Connection
        do {
            connection = try await Connection.open(
                to: self.target,
                timeout: self.limits.scaled(self.limits.connect),
                inboundByteLimit: self.limits.maxFrameSize + self.limits.maxHandshakeBytes,
                group: self.eventLoop
            )
        } catch {
            observation.handshake = .unreachable(reason: "\(error)")
            observation.events.append(.init(atMilliseconds: elapsed(), kind: .connectFailed(reason: "\(error)")))
            return self.finish(observation, start: start)
        }
        observation.events.append(.init(atMilliseconds: elapsed(), kind: .connected(address: connection.remoteAddress)))

        var driver = Driver(
            connection: connection,
            session: WireSession(
                observation: observation,
                maxFrameSize: self.limits.maxFrameSize,
                maxMessageSize: self.limits.maxMessageSize
            ),
            testCase: self.testCase,
            limits: self.limits,
            start: start,
            caseDeadline: caseDeadline
        )
        if await driver.openingHandshake(target: self.target) {
            // Autobahn 12.x/13.x: without the extension the case is UNIMPLEMENTED and the harness just closes.
            if self.testCase.handshake.deflate?.required != true || driver.session.deflate != nil {
                await driver.perform(self.testCase.steps)
            }
            await driver.finishClosing()
        }
        connection.drop()
        return self.finish(driver.session.observation, start: start)
    }

    func finish(_ observation: Observation, start: ContinuousClock.Instant) -> CaseResult {
        var observation = observation
        observation.duration = start.duration(to: self.clock.now)
        var result = CaseResult(testCase: self.testCase, observation: observation)
        result.started = start
        return result
    }
}

/// The mutable state of one case run: the connection and the wire session over it.
struct Driver {
    let connection: Connection
    var session: WireSession
    let testCase: Case
    let limits: RunLimits
    let start: ContinuousClock.Instant
    let caseDeadline: ContinuousClock.Instant

    var now: ContinuousClock.Instant { .now }
    var elapsed: Double { self.start.duration(to: self.now).milliseconds }

    init(
        connection: Connection,
        session: WireSession,
        testCase: Case,
        limits: RunLimits,
        start: ContinuousClock.Instant,
        caseDeadline: ContinuousClock.Instant
    ) {
        self.connection = connection
        self.session = session
        self.testCase = testCase
        self.limits = limits
        self.start = start
        self.caseDeadline = caseDeadline
    }

    // MARK: Opening handshake (RFC 6455 §4.1)

    /// Sends the upgrade request and reads the response; true when the connection is a WebSocket.
    mutating func openingHandshake(target: Target) async -> Bool {
        let request = self.testCase.handshake.request(for: target)
        let requestLine = "\(request.method) \(request.target) \(request.httpVersion)"
        self.session.record(.handshakeSent(requestLine: requestLine), at: self.elapsed)
        guard await self.write(request.encoded()) else {
            return self.reject(nil, "the request could not be sent")
        }
        var parser = HandshakeResponseParser(maxHeaderBytes: self.limits.maxHandshakeBytes)
        let deadline = self.deadline(after: self.limits.handshake)
        while true {
            switch await self.connection.read(deadline: deadline) {
            case .timeout:
                self.session.record(.timeout(waitingFor: "the handshake response"), at: self.elapsed)
                return self.reject(nil, "no complete response within \(self.limits.scaled(self.limits.handshake))")
            case .closed(let reset):
                self.session.peerClosed(reset: reset, at: self.elapsed)
                return self.reject(nil, "the server closed the connection before completing its response")
            case .bytes(let buffer):
                let bytes = Array(buffer.readableBytesView)
                self.recordTranscript(.received, bytes)
                switch parser.append(bytes) {
                case .needMoreData:
                    continue
                case .failed(let error):
                    return self.reject(nil, "\(error)")
                case .complete(let response, let remainder):
                    self.session.record(
                        .handshakeReceived(statusCode: response.statusCode, reasonPhrase: response.reasonPhrase),
                        at: self.elapsed
                    )
                    let problems = upgradeViolations(of: response, for: request)
                    guard problems.isEmpty else {
                        var refusal = response
                        if response.statusCode != 101 {
                            refusal.body = await self.readBody(of: response, deadline: deadline)
                        }
                        return self.reject(refusal, problems.joined(separator: "; "))
                    }
                    if let problem = self.negotiateDeflate(response) {
                        return self.reject(response, problem)
                    }
                    self.session.observation.handshake = .upgraded(response)
                    await self.apply(self.session.receive(remainder, at: self.elapsed))
                    return true
                }
            }
        }
    }

    /// The body of a refusal, read up to its Content-Length (RFC 9112 §6.3) within the handshake's limits: servers
    /// such as aiohttp and uvicorn write the header block and the body separately, and a check on the body
    /// (`body_contains`) must not depend on how the server's writes reach us.
    private mutating func readBody(of response: HandshakeResponse, deadline: ContinuousClock.Instant) async -> [UInt8] {
        var body = response.body
        guard let text = response.value("Content-Length"), let declared = Int(text.filter { $0 != " " }) else {
            return body
        }
        let wanted = min(declared, self.limits.maxHandshakeBytes)
        while body.count < wanted {
            guard case .bytes(let buffer) = await self.connection.read(deadline: deadline) else { break }
            let bytes = Array(buffer.readableBytesView)
            self.recordTranscript(.received, bytes)
            body += bytes
        }
        return body
    }

    private mutating func reject(_ response: HandshakeResponse?, _ reason: String) -> Bool {
        self.session.record(.handshakeFailed(reason: reason), at: self.elapsed)
        self.session.observation.handshake = .rejected(response, reasons: [reason])
        return false
    }

    // MARK: Steps

    mutating func perform(_ steps: [Step]) async {
        for step in steps {
            guard !self.session.isFinished else { return }
            switch step {
            case .send(let frame, let chopSize, let pause):
                self.session.record(
                    .frameSent(opcode: frame.opcode.rawValue, fin: frame.fin, payloadLength: frame.payload.count),
                    at: self.elapsed
                )
                await self.send(FrameEncoder.encode(frame), chopSize: chopSize, pause: pause)
            case .sendBytes(let bytes, let chopSize, let pause):
                self.session.record(.bytesSent(count: bytes.count), at: self.elapsed)
                await self.send(bytes, chopSize: chopSize, pause: pause)
            case .sleep(let duration):
                await self.pump(until: self.deadline(after: duration))
            case .closeAfter(let delay, let code):
                await self.pump(until: self.deadline(after: delay))
                await self.apply(self.session.startClose(code: code, at: self.elapsed))
            case .killAfter(let delay):
                await self.pump(until: self.deadline(after: delay))
                // A closing handshake already under way gets the closing-handshake limit in `finishClosing` rather
                // than being cut short here, so a busy machine does not turn a clean close into UNCLEAN.
                if !self.session.isFinished && !self.session.isClosing {
                    self.session.observation.timedOut = true
                    await self.apply(self.session.drop(reason: "the case's time ran out", at: self.elapsed))
                }
            case .sendMessage(let opcode, let pattern, let fragmentSize, let chopSize):
                await self.sendMessage(opcode, pattern.bytes(), fragmentSize: fragmentSize, chopSize: chopSize)
            case .echoRounds(let rounds):
                await self.performEchoRounds(rounds)
            case .sendClose(let payload):
                await self.apply(self.session.startClose(rawPayload: payload, at: self.elapsed))
            case .mark(let tag):
                guard self.session.mark(tag) else { return }
            case .awaitEvents(let count, let timeout):
                let deadline = self.deadline(after: timeout)
                while !self.session.isFinished, self.session.observation.received.count < count, self.now < deadline {
                    await self.pump(until: deadline, returningOnData: true)
                }
            case .awaitReply(let tag, let timeout):
                let deadline = self.deadline(after: timeout)
                while !self.session.isFinished, !self.session.hasReply(after: tag), self.now < deadline {
                    await self.pump(until: deadline, returningOnData: true)
                }
            }
            // Read whatever already arrived, so the next step sees the server's reaction to this one.
            await self.pump(until: self.now)
        }
    }

    /// Waits for the closing handshake to finish, starting it if no step did; drops TCP when the server stalls.
    mutating func finishClosing() async {
        guard !self.session.isFinished else { return }
        // A refused handshake never became a WebSocket (RFC 6455 §4.1), so there is nothing to close: a close frame
        // would reach a keep-alive HTTP server (aiohttp, Starlette) as a malformed next request, and its 400 answer
        // would then be misread as frames.
        guard case .upgraded = self.session.observation.handshake else { return }
        if !self.session.isClosing {
            await self.apply(self.session.startClose(code: .normalClosure, at: self.elapsed))
        }
        await self.pump(until: self.deadline(after: self.limits.closingHandshake))
        if !self.session.isFinished {
            let reason =
                self.session.observation.closing.closeReceived
                ? "the server did not close TCP after the closing handshake"
                : "the server did not answer the close frame"
            self.session.record(.timeout(waitingFor: "the end of the closing handshake"), at: self.elapsed)
            await self.apply(self.session.drop(reason: reason, at: self.elapsed))
        }
    }

    /// Sends one message: compressed when permessage-deflate was agreed, then framed (RFC 7692 §6.1).
    mutating func sendMessage(_ opcode: Opcode, _ payload: [UInt8], fragmentSize: Int?, chopSize: Int?) async {
        let bytes: [UInt8]
        if let codec = self.session.deflate {
            do {
                let compressed = try codec.compress(payload)
                let frames = PerMessageDeflateCodec.frames(
                    opcode: opcode, compressedPayload: compressed, fragmentSize: fragmentSize, role: .client)
                bytes = FrameEncoder.encode(frames)
            } catch {
                await self.apply(self.session.drop(reason: "compressing a message failed: \(error)", at: self.elapsed))
                return
            }
        } else {
            bytes = Self.encodeMessage(opcode, payload, fragmentSize: fragmentSize)
        }
        self.session.record(.bytesSent(count: bytes.count), at: self.elapsed)
        await self.send(bytes, chopSize: chopSize, pause: nil)
    }

    /// A message as masked client frames of at most `fragmentSize` payload octets each, back to back.
    private static func encodeMessage(_ opcode: Opcode, _ payload: [UInt8], fragmentSize: Int?) -> [UInt8] {
        let size = max(1, fragmentSize ?? payload.count)
        var frames: [Frame] = []
        var start = 0
        repeat {
            let end = min(payload.count, start + size)
            let kind = start == 0 ? opcode : .continuation
            // A single frame shares the payload's storage instead of copying it.
            let piece = start == 0 && end == payload.count ? payload : Array(payload[start..<end])
            frames.append(.client(kind, payload: piece, fin: end == payload.count))
            start = end
        } while start < payload.count
        return FrameEncoder.encode(frames)
    }

    // MARK: I/O

    /// How often a long chopped write stops to read what the server sent.
    private static let readInterval: Duration = .milliseconds(50)

    mutating func send(_ bytes: [UInt8], chopSize: Int?, pause: Duration?) async {
        let size = max(1, chopSize ?? bytes.count)
        var offset = 0
        var lastRead = self.now
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            guard await self.write(bytes[offset..<end]) else { return }
            offset = end
            if let pause, offset < bytes.count {
                await self.pump(until: self.deadline(after: pause))
            } else if self.now - lastRead > Self.readInterval {
                // A long chopped write still reads, so the server's keep-alive pings get their pongs in time.
                await self.pump(until: self.now)
                lastRead = self.now
            }
        }
    }

    @discardableResult
    private mutating func write(_ bytes: some Collection<UInt8>) async -> Bool {
        guard !self.session.isFinished else { return false }
        self.recordTranscript(.sent, bytes)
        do {
            try await self.connection.write(bytes, deadline: self.deadline(after: self.limits.write))
            return true
        } catch ConnectionError.writeTimedOut {
            // The server stopped reading: the harness gives up on it, as when any other wait runs out.
            self.session.observation.timedOut = true
            self.session.record(.timeout(waitingFor: ObservedEvent.serverStoppedReading), at: self.elapsed)
            await self.apply(self.session.drop(reason: "a write timed out", at: self.elapsed))
            return false
        } catch {
            // Any other failed write means the server has already closed or reset TCP (it may fail a connection
            // while we are still writing octet by octet): the server ended the connection, not the harness.
            self.session.peerClosed(reset: true, at: self.elapsed)
            return false
        }
    }

    /// Reads and handles everything the server sends until `deadline` or the end of the connection.
    mutating func pump(until deadline: ContinuousClock.Instant, returningOnData: Bool = false) async {
        while !self.session.isFinished {
            switch await self.connection.read(deadline: min(deadline, self.caseDeadline)) {
            case .timeout:
                if self.now >= self.caseDeadline {
                    self.session.observation.timedOut = true
                    self.session.record(.timeout(waitingFor: "the end of the case"), at: self.elapsed)
                    await self.apply(self.session.drop(reason: "the case's time limit ran out", at: self.elapsed))
                }
                return
            case .closed(let reset):
                self.session.peerClosed(reset: reset, at: self.elapsed)
                return
            case .bytes(let buffer):
                let bytes = buffer.readableBytesView
                self.recordTranscript(.received, bytes)
                await self.apply(self.session.receive(bytes, at: self.elapsed))
                // Autobahn's finishWhenDone: close as soon as the expected events are in.
                if self.testCase.close.initiator == .harness, !self.session.isClosing,
                    self.testCase.isComplete(
                        self.session.observation.received, sent: self.session.observation.sentMessages)
                {
                    await self.apply(self.session.startClose(code: .normalClosure, at: self.elapsed))
                }
                if returningOnData { return }
            }
        }
    }

    mutating func apply(_ actions: [WireSession.Action]) async {
        for action in actions {
            switch action {
            case .send(let frame):
                await self.write(FrameEncoder.encode(frame))
            case .drop:
                self.connection.drop()
            }
        }
    }

    private mutating func recordTranscript(_ direction: Transcript.Direction, _ bytes: some Collection<UInt8>) {
        self.session.observation.transcript.record(direction, bytes, atMilliseconds: self.elapsed)
    }

    func deadline(after duration: Duration) -> ContinuousClock.Instant {
        min(self.now + self.limits.scaled(duration), self.caseDeadline)
    }
}
