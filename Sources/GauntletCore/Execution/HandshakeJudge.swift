import WebSocketWire

/// Judges section H cases that expect the server to refuse the upgrade (RFC 6455 §4.2.1-§4.2.2, §4.4).
///
/// Kept apart from `Judge` so its Autobahn-shaped event rules stay short; `Judge.judge` calls it first, so there
/// is still one judge and one path for every case.
enum HandshakeJudge {
    /// The judgement of a case whose handshake must be refused, or nil when the case expects an upgrade.
    static func judge(_ testCase: Case, _ observation: Observation) -> Judgement? {
        guard
            case .refuse(let statuses, let preferred, let requiredHeader, let closeIsOK, let upgradeVerdict) =
                testCase.handshake.expectation
        else { return nil }
        let noConnection = "No WebSocket connection was to be opened, so there is none to close"
        func judgement(_ verdict: Verdict, _ reason: String) -> Judgement {
            Judgement(verdict: verdict, reason: reason, closeVerdict: .ok, closeReason: noConnection)
        }
        switch observation.handshake {
        case .unreachable(let reason):
            return .unreachable(reason)
        case .upgraded(let response):
            let verdict = upgradeVerdict
            return judgement(
                verdict,
                "The server upgraded (\(response.statusLine)) a request it should refuse. \(testCase.rule)"
            )
        case .rejected(nil, let reasons):
            if closeIsOK {
                return judgement(
                    .ok, "The server refused by closing without an answer: " + reasons.joined(separator: "; "))
            }
            return judgement(
                .failed, "The server sent no HTTP answer: \(reasons.joined(separator: "; ")). \(testCase.rule)")
        case .rejected(let response?, _):
            if response.statusCode == 101 {
                return judgement(
                    upgradeVerdict,
                    "The server answered 101 to a request it should refuse. \(testCase.rule)"
                )
            }
            guard statuses.contains(response.statusCode) else {
                return judgement(
                    .failed,
                    "The server answered \(response.statusCode) where \(statuses.lowerBound)-\(statuses.upperBound) "
                        + "was due. \(testCase.rule)"
                )
            }
            if let requiredHeader {
                let tokens = response.headers.listElements(requiredHeader.name)
                guard tokens.contains(requiredHeader.value) else {
                    return judgement(
                        .failed,
                        "The \(response.statusCode) answer lacks \(requiredHeader.name): \(requiredHeader.value). "
                            + testCase.rule
                    )
                }
            }
            if let preferred, response.statusCode != preferred {
                return judgement(
                    .nonStrict,
                    "The server refused with \(response.statusCode); \(preferred) is the status the RFC names"
                )
            }
            return judgement(.ok, "The server refused with \(response.statusCode), as required")
        }
    }
}
