import Foundation

extension Process {
    /// Kills the process if it is still running after `seconds`, so a tool that hangs (a browser, a linter, our
    /// own binary) fails its test instead of stalling the whole run. Call right after `run()`.
    func killAfter(seconds: Double) {
        let pid = self.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            if self.isRunning { kill(pid, SIGKILL) }
        }
    }
}
