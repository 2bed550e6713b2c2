import Foundation
import Fuzzing

/// The fuzzer's live line: on a terminal one rewritten line (execs/s, findings, corpus size, elapsed time); in a CI
/// log one plain line every ten seconds, so the log shows progress without a line per generation.
final class FuzzProgressLine: Sendable {
    private let isTerminal: Bool
    private let lastPrinted = LockedInstant()

    init() {
        self.isTerminal = isatty(STDOUT_FILENO) == 1
    }

    func update(_ progress: FuzzProgress) {
        let seconds = Int(progress.elapsed.components.seconds)
        let rate = String(format: "%.0f", progress.executionsPerSecond)
        let clock = "\(seconds / 60):" + String(format: "%02d", seconds % 60)
        let plural = progress.findings == 1 ? "" : "s"
        let line =
            "fuzz: \(progress.executions) execs, \(rate) execs/s, \(progress.findings) finding\(plural), "
            + "corpus \(progress.corpusSize), \(clock) elapsed"
        if self.isTerminal {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
        } else if self.lastPrinted.passed(.seconds(10)) {
            print(line)
        }
    }

    func finish() {
        if self.isTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// When something last happened, safe to check from any task.
private final class LockedInstant: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now

    /// True (and resets) when `interval` has passed since the last true.
    func passed(_ interval: Duration) -> Bool {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard ContinuousClock.now - self.last >= interval else { return false }
        self.last = .now
        return true
    }
}
