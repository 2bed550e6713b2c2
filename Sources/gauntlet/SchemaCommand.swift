import ArgumentParser
import Foundation
import MessageSchema

extension Gauntlet {
    /// Works with a protocol's shared message schemas without a target: check a definition, validate captured
    /// traffic against it, or measure validation speed.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a protocol definition, or validate captured messages against it.",
            discussion: """
                FILE is an AsyncAPI 2.x/3.0 document, a WebSocket API definition (wsapi), or a sidecar that \
                names Pydantic/JSON Schema unions; JSON or YAML. See docs/schemas.md.
                """,
            subcommands: [Check.self, Validate.self, Bench.self]
        )
    }
}

/// The definition file and how to read it, shared by every `schema` subcommand.
struct SchemaFileOptions: ParsableArguments {
    @Argument(help: "The protocol definition (AsyncAPI, wsapi, or JSON Schema sidecar).")
    var file: String

    @Option(name: .long, help: "Whose side an AsyncAPI document describes: server (default) or client.")
    var perspective: ProtocolLoader.Perspective = .server

    @Option(name: .long, help: "The endpoint path to use when the definition has several.")
    var endpoint: String?

    @Flag(name: .long, help: "Make `format` (date-time, email, uuid, ...) an assertion instead of an annotation.")
    var formatAssertion = false

    /// Loads the file, printing every diagnostic and exiting 2 when it has errors.
    func load() throws -> LoadedProtocol {
        var options = JSONSchemaValidator.Options()
        options.formatAssertion = self.formatAssertion
        let loader = ProtocolLoader(perspective: self.perspective, validatorOptions: options)
        do {
            return try loader.load(path: self.file)
        } catch {
            for diagnostic in error.diagnostics {
                FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
            }
            let count = error.errors.count
            FileHandle.standardError.write(Data("\(self.file): \(count) error\(count == 1 ? "" : "s")\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// The endpoint named by `--endpoint`, or the only one.
    func endpoint(of value: MessageProtocol) throws -> ProtocolEndpoint {
        if let path = self.endpoint {
            guard let endpoint = value.endpoint(path: path) else {
                let known = value.endpoints.map(\.path).joined(separator: ", ")
                throw ArgumentParser.ValidationError("no endpoint '\(path)'; the definition has \(known)")
            }
            return endpoint
        }
        guard value.endpoints.count == 1, let only = value.endpoints.first else {
            let known = value.endpoints.map(\.path).joined(separator: ", ")
            throw ArgumentParser.ValidationError(
                "the definition has several endpoints (\(known)); pick one with --endpoint")
        }
        return only
    }
}

extension ProtocolLoader.Perspective: ExpressibleByArgument {}

extension Gauntlet.Schema {
    /// Loads a definition and lists what it defines, so authors see at once what Gauntlet understood.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a protocol definition and list its messages by direction, with their tags.",
            discussion: """
                Reports unresolvable $refs, union branches without distinct tags and unused definitions, each as
                file:line:column. Exit codes: 0 loaded (warnings allowed), 2 the definition has errors.
                """
        )

        @OptionGroup var options: SchemaFileOptions

        func run() throws {
            let loaded = try self.options.load()
            let value = loaded.value
            print("\(value.title) — \(value.format) (\(self.options.file))")
            if let baseURL = value.baseURL { print("base URL: \(baseURL)") }
            print("auth: \(value.auth)")
            for endpoint in value.endpoints {
                Self.describe(endpoint)
            }
            for warning in loaded.warnings {
                print(warning.description)
            }
            let count = value.endpoints.reduce(0) { $0 + $1.messages.count }
            let warnings = loaded.warnings.count
            print("OK: \(count) messages, \(warnings) warning\(warnings == 1 ? "" : "s")")
        }

        static func describe(_ endpoint: ProtocolEndpoint) {
            print("endpoint \(endpoint.path)" + (endpoint.tagField.map { " (tag field: \($0))" } ?? " (untagged)"))
            if !endpoint.parameters.isEmpty {
                print("  params: " + endpoint.parameters.map(\.description).joined(separator: ", "))
            }
            for direction in MessageDirection.allCases {
                let messages = endpoint.messages.filter { $0.direction == direction }
                guard !messages.isEmpty else { continue }
                print("  \(direction) (\(messages.count)):")
                let width = messages.map(\.name.count).max() ?? 0
                for message in messages {
                    let name = message.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    let tag = message.tag.map { "\(endpoint.tagField ?? "tag")=\($0)" } ?? "(no tag)"
                    print("    \(name)  \(tag)  \(message.schemaLocation.split(separator: "#").last ?? "")")
                }
            }
            if let correlation = endpoint.correlation { print("  correlation: \(correlation)") }
            let lifecycle = endpoint.lifecycle
            if !lifecycle.isEmpty {
                var parts: [String] = []
                if !lifecycle.onOpen.isEmpty { parts.append("on open \(lifecycle.onOpen.joined(separator: ", "))") }
                if let keepalive = lifecycle.keepalive {
                    let reply = keepalive.reply.map { " → \($0)" } ?? ""
                    let every = keepalive.intervalSeconds.map { " every \($0)s" } ?? ""
                    parts.append("keepalive \(keepalive.message)\(reply)\(every)")
                }
                if !lifecycle.beforeClose.isEmpty {
                    parts.append("before close \(lifecycle.beforeClose.joined(separator: ", "))")
                }
                print("  lifecycle: " + parts.joined(separator: "; "))
            }
        }
    }
}
