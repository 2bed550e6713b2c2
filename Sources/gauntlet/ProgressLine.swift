import Foundation
import GauntletCore

/// Live progress: one rewritten line on a terminal, one plain line per case in a CI log.
final class ProgressLine: Sendable {
    private let total: Int
    private let isTerminal: Bool

    init(total: Int) {
        self.total = total
        self.isTerminal = isatty(STDOUT_FILENO) == 1
    }

    func update(_ result: CaseResult, finished: Int) {
        let judgement = result.judgement
        let width = String(self.total).count
        let count = String(finished).leftPadded(to: width)
        let close = judgement.closeVerdict == .ok ? "" : " close=\(judgement.closeVerdict.rawValue)"
        let line = "[\(count)/\(self.total)] \(result.testCase.id) \(judgement.verdict.rawValue)\(close)"
        if self.isTerminal {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            print(line)
        }
    }

    func finish() {
        if self.isTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - self.count)) + self
    }
}
