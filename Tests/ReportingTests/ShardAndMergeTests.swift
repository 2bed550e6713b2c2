import Foundation
import GauntletCore
import Reporting
import Testing

/// Shards must split the suite into disjoint parts that cover it, the same way on every machine, and merging
/// their results must give back one report.
@Suite("Sharding and merging")
struct ShardAndMergeTests {
    @Test("K/N shards are disjoint, cover every case, and are balanced", arguments: [1, 2, 3, 7])
    func partition(count: Int) throws {
        let ids = Catalogue.all.map(\.id).sorted()
        let shards = try (1...count).map { try ShardSpec(index: $0, count: count).select(ids) }
        #expect(shards.flatMap { $0 }.sorted() == ids)
        #expect(Set(shards.flatMap { $0 }).count == ids.count)
        let sizes = shards.map(\.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        #expect(try ShardSpec(parsing: "1/\(count)").select(ids) == shards[0])
    }

    @Test(
        "Bad shard specs are refused with the reason", arguments: ["0/2", "3/2", "1/0", "a/b", "1/2/3", "", "1/1001"])
    func badSpecs(text: String) {
        #expect(throws: ShardSpecError.self) { try ShardSpec(parsing: text) }
    }

    @Test("Merging shard reports gives the cases of one run in id order")
    func merge() async throws {
        let full = try await Fixture.noPong()
        let one = try ShardSpec(index: 1, count: 2)
        let two = try ShardSpec(index: 2, count: 2)
        var first = full
        first.cases = one.select(full.cases)
        var second = full
        second.cases = two.select(full.cases)
        let merged = try ReportMerger.merge([(path: "b", report: second), (path: "a", report: first)])
        #expect(merged.cases.map(\.id) == full.cases.map(\.id))
        #expect(merged.summary.failed == full.summary.failed)
        let duplicate = try #require(throws: ReportMergeError.self) {
            try ReportMerger.merge([(path: "a", report: first), (path: "c", report: first)])
        }
        #expect(duplicate.description.contains("is in both a and c"))
        var other = second
        other.agent = "someone-else"
        #expect(throws: ReportMergeError.self) {
            try ReportMerger.merge([(path: "a", report: first), (path: "b", report: other)])
        }
    }
}
