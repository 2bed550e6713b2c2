import Foundation

/// The example targets that arrived with the cross-runtime report (Starlette on uvicorn, Go gorilla/websocket),
/// and one way to start any of the five third-party targets by name, so the catalogue and scenario tests name
/// the same servers the same way.
extension ThirdPartyServer {
    /// The interpreter for the Starlette target: `GAUNTLET_STARLETTE_PYTHON`, else the websockets one.
    static var starletteInterpreter: String {
        ProcessInfo.processInfo.environment["GAUNTLET_STARLETTE_PYTHON"] ?? self.interpreter
    }

    /// Whether the Starlette interpreter imports uvicorn and Starlette.
    static var starletteIsAvailable: Bool {
        self.isAvailable(module: "uvicorn, starlette", interpreter: self.starletteInterpreter)
    }

    /// The Go target, built from `targets/go-gorilla` (`GAUNTLET_GO_DASHBOARD`, else `.build-go/dashboard`); the
    /// tests never compile it themselves, so their time does not depend on the Go toolchain.
    static var goDashboard: String {
        ProcessInfo.processInfo.environment["GAUNTLET_GO_DASHBOARD"]
            ?? self.packageRoot.appendingPathComponent(".build-go/dashboard").path
    }

    static var goGorillaIsAvailable: Bool { FileManager.default.isExecutableFile(atPath: self.goDashboard) }

    /// Starts the third-party target named as in `targets/` and `gauntlet.yaml`.
    static func start(_ name: String) throws -> ThirdPartyServer {
        switch name {
        case "python-websockets":
            return try ThirdPartyServer()
        case "python-aiohttp":
            return try ThirdPartyServer(target: name, interpreter: self.aiohttpInterpreter)
        case "python-starlette":
            return try ThirdPartyServer(target: name, interpreter: self.starletteInterpreter)
        case "node-ws":
            return try ThirdPartyServer(
                target: name, script: "server.js", interpreter: self.node,
                environment: ["NODE_PATH": self.nodePath ?? ""])
        case "go-gorilla":
            return try ThirdPartyServer(executable: self.goDashboard, arguments: ["--port", "0"])
        default:
            throw SupportError("no third-party target named \(name)")
        }
    }
}
