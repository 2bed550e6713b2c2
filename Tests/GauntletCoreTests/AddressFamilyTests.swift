import GauntletCore
import ReferenceServer
import Testing

/// Targets are reached over IPv4 and IPv6 alike, since servers in the wild listen on either.
@Suite("Address families")
struct AddressFamilyTests {
    @Test(
        "Cases run against a server listening on IPv6 loopback",
        .enabled("needs IPv6 loopback") { await Self.hasIPv6Loopback })
    func ipv6Loopback() async throws {
        let server = try await ReferenceServer.start(ReferenceServerConfiguration(host: "::1"))
        let target = try Target(url: "ws://[::1]:\(server.port)/")
        let results = await Runner(target: target).run(
            Catalogue.cases(matching: CaseFilter(include: ["1.1.1", "2.1"])))
        try await server.shutdown()
        #expect(results.count == 2)
        #expect(Harness.failures(results) == [])
    }

    /// Some containers have no IPv6 at all; the test says so rather than failing on the machine.
    static var hasIPv6Loopback: Bool {
        get async {
            guard let server = try? await ReferenceServer.start(ReferenceServerConfiguration(host: "::1")) else {
                return false
            }
            try? await server.shutdown()
            return true
        }
    }
}
