import MessageSchema

/// Judges a scenario from its record: the steps the user wrote, then the built-in checks every scenario gets
/// without writing them (server messages valid against the protocol's schemas, known types, correlated replies).
///
/// `Judge.judge` calls it for cases that carry a scenario, so there is still one judge; it is pure like the rest.
enum ScenarioJudge {
    static func judge(_ script: ScenarioScript, _ observation: Observation) -> Judgement {
        let record = observation.scenario ?? ScenarioRecord()
        let closeNote = "The scenario's own steps check closing"
        func failed(_ reason: String) -> Judgement {
            Judgement(verdict: .failed, reason: reason, closeVerdict: .ok, closeReason: closeNote)
        }
        if let failure = record.failures.first {
            return failed("Step at \(failure.location) (client \(failure.client)): \(failure.message)")
        }
        if let violation = observation.violations.first {
            return failed("The server broke RFC 6455 §\(violation.rfcSection): \(violation.detail)")
        }
        if let endpoint = script.endpoint, let problem = self.builtInProblem(endpoint, record) {
            return failed(problem)
        }
        let count = record.received.count
        return Judgement(
            verdict: .ok,
            reason: "Every step was met; \(count) server message\(count == 1 ? "" : "s") passed the built-in checks",
            closeVerdict: .ok,
            closeReason: closeNote)
    }

    /// The first server message that is not JSON, has an unknown type, breaks its schema, or answers an id the
    /// client never sent.
    static func builtInProblem(_ endpoint: ProtocolEndpoint, _ record: ScenarioRecord) -> String? {
        var counts: [String: Int] = [:]
        for message in record.received {
            counts[message.client, default: 0] += 1
            let label = "Client \(message.client), server message \(counts[message.client] ?? 0)"
            guard let value = try? JSONParser().parse(message.text) else {
                return "\(label) is not valid JSON: \(message.text.prefix(80))"
            }
            let classification = endpoint.classify(value, direction: .serverToClient)
            guard let kind = classification.message else {
                let detail = classification.errors.first?.message ?? "it matches no server message"
                return "\(label) has an unknown message type: \(detail)"
            }
            if let error = classification.errors.first {
                return "\(label) (\(kind.name)) breaks its schema at instance path '\(error.instanceLocation)', "
                    + "keyword location '\(error.keywordLocation)': \(error.message)"
            }
            if case .fields(_, let replyPointer) = endpoint.correlation,
                let replyTo = replyPointer.resolve(in: value)?.stringValue,
                !(record.sentIDs[message.client] ?? []).contains(replyTo)
            {
                return "\(label) (\(kind.name)) has reply_to '\(replyTo)', which matches no id this client sent"
            }
        }
        return nil
    }
}
