import WebSocketWire

/// The shapes most catalogue cases share, so each section file states only its stimulus and its rule.
extension Case {
    /// A case the server passes by echoing `events` and closing cleanly with 1000 when the harness closes.
    static func exchange(
        _ id: CaseID,
        _ description: String,
        expectation: String,
        rule: String,
        steps: [Step],
        expect events: [ApplicationEvent]
    ) -> Case {
        Case(
            id: id,
            description: description,
            expectation: expectation,
            rule: rule,
            steps: steps,
            outcomes: [.init(.ok, events)],
            close: .normal
        )
    }

    /// A case the server passes by failing the connection (RFC 6455 §7.1.7) with one of `codes`.
    ///
    /// `okEvents` is what must arrive first for OK; `nonStrictEvents`, when given, is the observation of a server
    /// that failed too early (before echoing the valid message), which Autobahn grades NON-STRICT.
    static func failure(
        _ id: CaseID,
        _ description: String,
        expectation: String,
        rule: String,
        steps: [Step],
        okEvents: [ApplicationEvent] = [],
        nonStrictEvents: [ApplicationEvent]? = nil,
        codes: [CloseCode] = [.protocolError]
    ) -> Case {
        var outcomes: [Outcome] = [.init(.ok, okEvents)]
        if let nonStrictEvents {
            outcomes.append(.init(.nonStrict, nonStrictEvents))
        }
        return Case(
            id: id,
            description: description,
            expectation: expectation,
            rule: rule,
            steps: steps,
            outcomes: outcomes,
            close: CloseExpectation(initiator: .server, allowedCodes: codes, requireClean: false)
        )
    }
}

extension Frame {
    /// A masked client frame with any header bits, for stimulus that breaks (or tests) a framing rule.
    static func raw(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, rsv: UInt8 = 0) -> Frame {
        Frame(
            fin: fin,
            rsv1: rsv & 0b100 != 0,
            rsv2: rsv & 0b010 != 0,
            rsv3: rsv & 0b001 != 0,
            opcode: opcode,
            maskingKey: .random(),
            payload: payload
        )
    }
}

extension Opcode {
    /// Any 4-bit opcode, reserved or not; the catalogue only asks for values 0-15.
    static func value(_ raw: UInt8) -> Opcode {
        Opcode(rawValue: raw & 0x0F) ?? .continuation
    }
}

/// The catalogue's waits, each with Autobahn's value, so none is a number buried in a case; `--timeout-scale`
/// stretches them all. A conforming server ends nearly every one early (see docs/cases.md, "Waits").
enum Waits {
    /// After a stimulus the server must fail the connection for: Autobahn's `killAfter(1)`.
    static let failure: Duration = .seconds(1)
    /// After a stimulus the server must echo: Autobahn's `closeAfter(1)`; the harness closes once the echo is in.
    static let echo: Duration = .seconds(1)
    /// The pause at a sync point (5.19, 5.20, 6.4.x): Autobahn's `continueLater(1)`.
    static let syncPause: Duration = .seconds(1)
    /// How long a 64 KiB echo (10.1.1) may take: Autobahn's `killAfter(10)`.
    static let largeEcho: Duration = .seconds(10)
    /// How long each echo of a 9.7.x/9.8.x round trip, and the whole exchange's close, may take.
    static let roundTrip: Duration = .seconds(10)
}
