import Foundation

/// The request target of an upgrade, read the way the sample protocol's endpoint declares it: `/ws/dashboard` with
/// a required `token` and an optional integer `resume_from` query parameter. Other `/ws/` paths do not exist;
/// every path outside `/ws/` stays the plain echo endpoint the RFC catalogue runs against.
struct DashboardEndpoint {
    static let path = "/ws/dashboard"

    let path: String
    /// Query parameters, percent-decoded; the first value wins.
    let query: [String: String]

    init(uri: String) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = parts.first.map(String.init) ?? uri
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(halves[0]).removingPercentEncoding ?? String(halves[0])
                let raw = halves.count > 1 ? String(halves[1]).replacingOccurrences(of: "+", with: " ") : ""
                if query[name] == nil {
                    query[name] = raw.removingPercentEncoding ?? raw
                }
            }
        }
        self.query = query
    }

    var isDashboard: Bool { self.path == Self.path }

    /// Why the handshake must be refused: 404 for an unknown `/ws/` path, 401 without a token, 400 for a
    /// `resume_from` that is not an integer.
    func rejection(faults: Set<ServerFault>) -> HandshakeRejection? {
        guard self.isDashboard else {
            return self.path.hasPrefix("/ws/") ? .notFound("no endpoint at \(self.path); try \(Self.path)") : nil
        }
        if self.query["token"].map(\.isEmpty) ?? true, !faults.contains(.noAuthCheck) {
            return .unauthorized("\(Self.path) needs a token query parameter")
        }
        if let resume = self.query["resume_from"], Int(resume) == nil {
            return .badRequest("4.2.2", "resume_from must be an integer, not \(resume)")
        }
        return nil
    }
}
