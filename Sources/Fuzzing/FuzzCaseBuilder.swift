import GauntletCore

/// Turns a fuzz input into a `Case` for the one engine: on its own, the input's steps after the opening handshake;
/// with a prelude scenario, the prelude's steps first (authenticate, subscribe...) and the input on the same
/// connection after them, as a scenario `steps` action of the prelude's last client.
public struct FuzzCaseBuilder: Sendable {
    /// A loaded scenario case whose steps open a valid session; nil fuzzes right after the handshake.
    public var prelude: Case?
    /// How long the harness waits for the answer to a request before it starts closing.
    public var replyTimeout: Duration

    public init(prelude: Case?, replyTimeout: Duration) {
        self.prelude = prelude
        self.replyTimeout = replyTimeout
    }

    /// The case id of iteration `iteration` of `seed`: `F.<seed>.<n>`.
    public static func caseID(seed: UInt64, iteration: UInt64) -> CaseID {
        CaseID("F.\(seed).\(iteration)")
    }

    public func testCase(_ input: FuzzInput, id: CaseID) -> Case {
        let steps = input.steps(replyTimeout: self.replyTimeout)
        if var prelude = self.prelude, var script = prelude.scenario, let client = script.steps.last?.client {
            script.steps.append(ScenarioStep(client: client, action: .steps(steps), location: "fuzz input \(id)"))
            prelude.scenario = script
            prelude.id = id
            prelude.description = input.note
            return prelude
        }
        return Case(
            id: id, description: input.note,
            expectation: "The server survives the input and answers it as the fuzz oracles require",
            rule: "Fuzz oracles (docs/corpus.md)", steps: steps, outcomes: [], close: .normal)
    }
}
