/// Why a fuzz run cannot go on, mapped to the CLI's exit codes.
public enum FuzzError: Error, Sendable, CustomStringConvertible {
    /// The target cannot be reached (exit 3).
    case unreachable(String)
    /// `--launch` could not start the target (exit 3).
    case launchFailed(String)
    /// A corpus, prelude or oracle file is wrong (exit 2).
    case input(String)

    public var description: String {
        switch self {
        case .unreachable(let text), .launchFailed(let text), .input(let text): text
        }
    }
}
