/// What a scenario run saw beyond one connection's observation: each client's messages and ids, and the steps whose
/// expectation was not met. The `Judge` reads it; nothing here is judged yet except step outcomes, which had to be
/// decided while running (an `expect` waits until its message arrives).
public struct ScenarioRecord: Sendable {
    /// A text message a client received, in arrival order.
    public struct Received: Sendable {
        public var client: String
        public var text: String

        public init(client: String, text: String) {
            self.client = client
            self.text = text
        }
    }

    /// A step that was not met: where it is in the file, and what was expected and what arrived.
    public struct StepFailure: Sendable {
        public var location: String
        public var client: String
        public var message: String

        public init(location: String, client: String, message: String) {
            self.location = location
            self.client = client
            self.message = message
        }
    }

    public var received: [Received] = []
    /// Ids this scenario sent, per client, so replies can be correlated.
    public var sentIDs: [String: Set<String>] = [:]
    public var failures: [StepFailure] = []
    /// Values substituted from the environment. Step failures already print them as `***`; kept here so a reporter
    /// can redact them from transcripts too.
    public var secrets: Set<String> = []

    public init() {}
}
