import Foundation

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

extension Redaction {
    /// `GET /chat?token=x HTTP/1.1` with the secret parameters of its request target redacted.
    static func requestLine(_ line: String) -> String {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return line }
        return "\(parts[0]) \(self.url(String(parts[1]))) \(parts[2])"
    }

    /// A transcript chunk with the HTTP head at its start redacted: the request target's secret parameters and
    /// the values of credential headers. Bytes after the head (frames) are kept exactly.
    static func handshakeHead(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.starts(with: Array("GET ".utf8)) || bytes.starts(with: Array("HTTP/".utf8)) else { return bytes }
        let terminator: [UInt8] = [13, 10, 13, 10]
        var end = bytes.count
        if bytes.count >= 4 {
            for index in 0...(bytes.count - 4) where bytes[index..<index + 4].elementsEqual(terminator) {
                end = index
                break
            }
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        if let first = lines.first, first.hasPrefix("GET ") {
            lines[0] = self.requestLine(first)
        }
        for index in lines.indices.dropFirst() {
            guard let colon = lines[index].firstIndex(of: ":") else { continue }
            let name = String(lines[index][..<colon]).trimmingCharacters(in: .whitespaces)
            if self.secretHeaders.contains(name.lowercased()) {
                lines[index] = "\(name): \(self.placeholder)"
            }
        }
        return Array(lines.joined(separator: "\r\n").utf8) + bytes[end...]
    }
}
