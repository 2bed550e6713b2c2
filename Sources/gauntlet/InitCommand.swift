import ArgumentParser
import Foundation
import GauntletCore

extension Gauntlet {
    /// Writes a commented starter `gauntlet.yaml`, so a first config is edited, not written from a blank page.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a commented starter gauntlet.yaml.",
            discussion: "Then: gauntlet run --config gauntlet.yaml. The format is in docs/config.md."
        )

        @Option(name: .long, help: "Where to write it.")
        var output: String = "gauntlet.yaml"

        @Flag(name: .long, help: "Overwrite an existing file.")
        var force = false

        @Option(
            name: .long,
            help: "Convert an Autobahn fuzzingclient.json (servers, cases, exclusions, outdir) instead of the starter.")
        var from: String?

        func validate() throws {
            if !self.force, FileManager.default.fileExists(atPath: self.output) {
                throw ValidationError("\(self.output) exists; pass --force to overwrite it")
            }
        }

        func run() throws {
            var text = Self.starter
            if let from = self.from {
                do {
                    let config = try RunConfigLoader().load(path: from)
                    for warning in config.warnings { Console.error("warning: \(warning)") }
                    let folder = URL(fileURLWithPath: self.output).standardizedFileURL.deletingLastPathComponent().path
                    text = ConfigConversion(config: config, outputFolder: folder).yaml()
                } catch {
                    Console.error("error: \(error)")
                    throw ExitCode(ExitStatus.usage)
                }
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: self.output))
            } catch {
                Console.error("error: cannot write \(self.output): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.usage)
            }
            print("Wrote \(self.output). Edit its targets, then: gauntlet run --config \(self.output)")
        }

        /// The starter: it runs as written (the built-in reference server), and every key is explained.
        static let starter = """
            # gauntlet.yaml: what `gauntlet run --config gauntlet.yaml` runs. Format: docs/config.md.
            # Editors complete and check the keys with gauntlet's JSON Schema: put this first line in, with the path:
            #   # yaml-language-server: $schema=PATH/TO/gauntlet/scenarios/gauntlet.config.schema.json
            version: 1

            # The protocol your server speaks and your scenarios (globs); both optional. Paths are relative to this file.
            # protocol: protocol.asyncapi.yaml
            # scenarios:
            #   - scenarios/*.yaml

            # Which cases run, with `run --cases` syntax: ids, sections (2.1 is 2.1 and its sub-cases), globs,
            # scenario ids (S.<name>). Without it: the scenarios if there are any, else the whole RFC catalogue.
            cases: ["*"]
            exclude-cases: []             # e.g. ["9.*"] to skip the slow large-message section

            jobs: 16                      # cases in flight at once, each on its own connection
            timeout-scale: 1.0            # multiply every wait (slow CI machines, remote targets)

            reports:
              dir: reports                # each target writes reports/<name>/, the comparison reports/compare/
              formats: [json, junit, markdown, html]   # add autobahn for an Autobahn-style index.json

            # Gate against accepted results instead of perfection: only regressions fail. {target} is the name.
            # baseline: expected-results/{target}.json

            gate:
              strict: false               # true: NON-STRICT fails too
              allow: []                   # verdicts that never fail, e.g. [INFORMATIONAL, UNIMPLEMENTED]
              # fail-on: [UNIMPLEMENTED]  # verdicts that fail too

            targets:
              # A server gauntlet starts for the run. {port} is a free loopback port gauntlet picks,
              # {gauntlet} this gauntlet executable. The log is kept in reports/<name>/server.log.
              - name: reference
                launch: "{gauntlet} serve --port {port}"
                url: ws://127.0.0.1:{port}/
                ready-timeout: 30s        # how long it may take to accept connections
              # A server that is already running: just its URL.
              # - name: my-server
              #   url: ws://127.0.0.1:9001/
              #   env: {LOG_LEVEL: debug}   # environment for launch
              #   cwd: ../my-server         # folder launch runs in (default: this file's folder)
              #   exclude-cases: ["12.*"]   # cases never run against this target

            """
    }
}
