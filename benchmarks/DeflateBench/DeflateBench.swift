import Foundation
import WebSocketWire

/// Measures `PerMessageDeflateCodec` on payload files, so `deflate_throughput.py` can set its numbers beside
/// Python's zlib on the very same bytes. Prints one JSON object per payload.
///
/// Usage: DeflateBench DIRECTORY [SECONDS-PER-PAYLOAD] [WINDOW-BITS] [no-context]
@main
struct DeflateBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: DeflateBench DIRECTORY [SECONDS] [BITS] [no-context]\n".utf8))
            exit(2)
        }
        let directory = URL(fileURLWithPath: arguments[1])
        let budget = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
        let bits = arguments.count > 3 ? Int(arguments[3]) ?? 15 : 15
        let noContext = arguments.count > 4 && arguments[4] == "no-context"
        let agreement = PerMessageDeflateAgreement(
            serverNoContextTakeover: noContext,
            clientNoContextTakeover: noContext,
            serverMaxWindowBits: bits,
            clientMaxWindowBits: bits
        )
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for name in names {
            let payload = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            let result = try self.measure(payload, agreement: agreement, budget: budget)
            print(
                #"{"name": "\#(name)", "bytes": \#(payload.count), "iterations": \#(result.iterations), "#
                    + #""seconds": \#(result.seconds), "deflate_seconds": \#(result.deflateSeconds), "#
                    + #""compressed": \#(result.compressed)}"#
            )
        }
    }

    /// Compresses with a server codec and inflates with a client codec, message after message, for `budget`
    /// seconds (at least 3 rounds); checks the round trip once so a broken codec cannot look fast.
    static func measure(
        _ payload: [UInt8],
        agreement: PerMessageDeflateAgreement,
        budget: Double
    ) throws -> (iterations: Int, seconds: Double, deflateSeconds: Double, compressed: Int) {
        let server = try PerMessageDeflateCodec(agreement: agreement, role: .server, compressionLevel: 6)
        let client = try PerMessageDeflateCodec(agreement: agreement, role: .client)
        let first = try server.compress(payload)
        guard try client.decompress(first) == payload else {
            throw BenchError(description: "round trip changed the payload")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var iterations = 0
        var elapsed = Duration.zero
        var deflating = Duration.zero
        while iterations < 3 || elapsed < .seconds(budget) {
            let before = clock.now
            let compressed = try server.compress(payload)
            deflating += clock.now - before
            let inflated = try client.decompress(compressed)
            guard inflated.count == payload.count else {
                throw BenchError(description: "round trip changed the length")
            }
            iterations += 1
            elapsed = clock.now - start
        }
        return (iterations, Self.seconds(elapsed), Self.seconds(deflating), first.count)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
    }
}
