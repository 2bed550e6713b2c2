/// Every wait and size bound of a run, in one place, so none is a magic number buried in code.
///
/// Times scale with `timeoutScale`, so a slow CI machine or a remote target needs one flag, not a code change.
public struct RunLimits: Sendable, Hashable {
    /// Multiplies every time limit below and every pause a case asks for.
    public var timeoutScale: Double = 1
    public var connect: Duration = .seconds(5)
    public var handshake: Duration = .seconds(5)
    /// How long the server has to finish the closing handshake once it is under way.
    public var closingHandshake: Duration = .seconds(2)
    /// A case that has not ended by then is stopped and judged on what was seen.
    public var caseLimit: Duration = .seconds(60)
    /// A write the peer does not read within this time fails.
    public var write: Duration = .seconds(10)
    public var maxHandshakeBytes = 16 * 1024
    public var maxFrameSize = 64 << 20
    public var maxMessageSize = 64 << 20
    /// Transcript bytes kept per case; the rest is counted, not stored.
    public var maxTranscriptBytes = 64 * 1024

    public init() {}

    /// `duration` stretched by `timeoutScale`.
    public func scaled(_ duration: Duration) -> Duration {
        duration * self.timeoutScale
    }
}
