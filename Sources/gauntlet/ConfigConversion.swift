import Foundation
import GauntletCore
import MessageSchema

/// Writes a loaded config back as `gauntlet.yaml`, so `gauntlet init --from fuzzingclient.json` turns an Autobahn
/// file into one a team can grow (launch commands, scenarios, baselines) without retyping its servers and filters.
struct ConfigConversion {
    let config: RunConfig
    /// Where the YAML will live; paths inside it are made relative to this folder when they lie below it.
    let outputFolder: String

    func yaml() -> String {
        var lines = [
            "# gauntlet.yaml converted from \(self.config.path). Format: docs/config.md.",
            "version: 1",
        ]
        if let cases = self.config.cases { lines.append("cases: \(Self.list(cases))") }
        if !self.config.excludeCases.isEmpty { lines.append("exclude-cases: \(Self.list(self.config.excludeCases))") }
        lines.append("reports:")
        lines.append("  dir: \(Self.quote(self.relative(self.config.reportDirectory ?? "reports")))")
        let formats = self.config.formats ?? ["json", "junit", "markdown", "html", "autobahn"]
        lines.append("  formats: \(Self.list(formats))")
        lines.append("targets:")
        for target in self.config.targets {
            lines.append("  - name: \(Self.quote(Self.name(target.name)))")
            lines.append("    url: \(Self.quote(target.url))")
            if let launch = target.launch { lines.append("    launch: \(Self.quote(launch))") }
            if !target.excludeCases.isEmpty { lines.append("    exclude-cases: \(Self.list(target.excludeCases))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Autobahn agent names may hold spaces or dots; a target name keeps letters, digits, `-`, `_` and `.`.
    static func name(_ agent: String) -> String {
        String(agent.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "-" })
    }

    private func relative(_ path: String) -> String {
        let folder = self.outputFolder.hasSuffix("/") ? self.outputFolder : self.outputFolder + "/"
        let standard = URL(fileURLWithPath: path).standardizedFileURL.path
        return standard.hasPrefix(folder) ? String(standard.dropFirst(folder.count)) : standard
    }

    /// A YAML flow list of quoted strings.
    static func list(_ items: [String]) -> String {
        "[" + items.map(Self.quote).joined(separator: ", ") + "]"
    }

    /// A double-quoted YAML scalar (JSON string syntax is valid YAML).
    static func quote(_ text: String) -> String {
        JSONWriter.string(from: .string(text))
    }
}
