/// Keeps secrets out of reports, which end up in CI logs and pull requests.
enum Redaction {
    static let placeholder = "REDACTED"

    /// Query parameters whose values are credentials.
    static let secretParameters: Set<String> = [
        "token", "access_token", "auth", "authorization", "key", "api_key", "apikey", "password", "secret", "jwt",
        "session", "sig", "signature",
    ]

    /// Headers whose values are credentials.
    static let secretHeaders: Set<String> = [
        "authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key",
    ]

    /// `url` with the value of every secret query parameter replaced.
    static func url(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = query.map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals]
            return self.secretParameters.contains(name.lowercased()) ? "\(name)=\(self.placeholder)" : String(pair)
        }
        return url[...question] + redacted.joined(separator: "&")
    }

    /// `value`, or the placeholder when `name` is a credential header.
    static func header(_ name: String, _ value: String) -> String {
        self.secretHeaders.contains(name.lowercased()) ? self.placeholder : value
    }
}
