/// The newest bytes a target printed, bounded, with a moving mark so a finding can quote just what the server said
/// while one input ran.
struct ProcessLog: Sendable {
    private var bytes: [UInt8] = []
    /// How many bytes were ever appended; the offsets of marks count from the start of the output.
    private var total = 0
    private var mark = 0
    let limit: Int

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    mutating func append(_ chunk: some Collection<UInt8>) {
        self.bytes.append(contentsOf: chunk)
        self.total += chunk.count
        // Trim in batches so appending stays linear however chatty the server is.
        if self.bytes.count > 2 * self.limit {
            self.bytes.removeFirst(self.bytes.count - self.limit)
        }
    }

    mutating func setMark() {
        self.mark = self.total
    }

    /// Everything kept, at most `limit` bytes.
    var text: String {
        String(decoding: self.bytes.suffix(self.limit), as: UTF8.self)
    }

    /// What arrived since the last mark, or as much of it as is still kept.
    var textSinceMark: String {
        let since = min(self.total - self.mark, self.limit, self.bytes.count)
        return String(decoding: self.bytes.suffix(since), as: UTF8.self)
    }
}
