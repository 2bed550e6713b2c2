import Foundation
import WebSocketWire

/// The five payload files of sections 12 and 13, stand-ins of the same kind, size and compressibility as Autobahn's
/// (a JSON report, a 512x512 grey bitmap, German verse drama, an HTML page and a PDF-shaped document).
///
/// Autobahn's own files are third-party data; these are generated from a fixed seed by
/// `generate-deflate-payloads.py` (beside this file) and committed as `DeflatePayloadData.swift`, so a run is
/// reproducible and needs no resource bundle at run time. docs/cases.md records their compression ratios.
public enum DeflatePayload: String, Sendable, Hashable, CaseIterable {
    case jsonReport = "JSON report"
    case bitmap = "grey bitmap"
    case germanProse = "German prose"
    case htmlPage = "HTML page"
    case binaryDocument = "binary document"

    /// Whether Autobahn sends this file as text (JSON and HTML; both are ASCII, so any slice is valid UTF-8).
    public var isText: Bool { self.blob.isText }

    /// The file's length in octets.
    public var count: Int { self.blob.count }

    /// A line for case descriptions, as Autobahn names its files.
    public var title: String {
        switch self {
        case .jsonReport: "a JSON report (text, \(self.count) octets)"
        case .bitmap: "a 512x512 grey bitmap (binary, \(self.count) octets)"
        case .germanProse: "German verse drama (binary, \(self.count) octets)"
        case .htmlPage: "an HTML page (text, \(self.count) octets)"
        case .binaryDocument: "a PDF-shaped document (binary, \(self.count) octets)"
        }
    }

    /// The file's bytes, inflated once per process; empty only if the committed data were damaged, which
    /// `DeflateCaseTests` rules out by checking every file's SHA-256.
    public var bytes: [UInt8] {
        switch self {
        case .jsonReport: Self.jsonReportBytes
        case .bitmap: Self.bitmapBytes
        case .germanProse: Self.germanProseBytes
        case .htmlPage: Self.htmlPageBytes
        case .binaryDocument: Self.binaryDocumentBytes
        }
    }

    /// Message `index` (0-based) of a run of `size`-octet messages: Autobahn's sliding window through the file,
    /// wrapping to its start, so consecutive messages differ and a long run covers the whole file.
    public func message(_ index: Int, size: Int) -> [UInt8] {
        let file = self.bytes
        guard size > 0, !file.isEmpty else { return [] }
        let start = (index * size) % file.count
        var message: [UInt8] = []
        message.reserveCapacity(size)
        var position = start
        while message.count < size {
            let end = min(file.count, position + size - message.count)
            message.append(contentsOf: file[position..<end])
            position = end == file.count ? 0 : end
        }
        return message
    }

    /// The SHA-256 (hex) the generator recorded, to check the inflated bytes against.
    var recordedSHA256: String { self.blob.sha256 }

    private var blob: DeflatePayloadBlob {
        switch self {
        case .jsonReport: DeflatePayloadData.jsonReport
        case .bitmap: DeflatePayloadData.bitmap
        case .germanProse: DeflatePayloadData.germanProse
        case .htmlPage: DeflatePayloadData.htmlPage
        case .binaryDocument: DeflatePayloadData.binaryDocument
        }
    }

    // `static let` is initialised once, lazily and thread-safely, so each file is inflated at most once.
    private static let jsonReportBytes = DeflatePayloadData.jsonReport.inflated()
    private static let bitmapBytes = DeflatePayloadData.bitmap.inflated()
    private static let germanProseBytes = DeflatePayloadData.germanProse.inflated()
    private static let htmlPageBytes = DeflatePayloadData.htmlPage.inflated()
    private static let binaryDocumentBytes = DeflatePayloadData.binaryDocument.inflated()
}

/// One payload as the generator stores it: raw deflate, base64, with its length and SHA-256.
struct DeflatePayloadBlob: Sendable {
    var count: Int
    var isText: Bool
    var sha256: String
    var deflatedBase64: String

    /// The original bytes, or empty when the stored data does not decode to exactly `count` bytes.
    func inflated() -> [UInt8] {
        guard let data = Data(base64Encoded: self.deflatedBase64) else { return [] }
        // The files are at most about 1 MiB; the cap leaves room and bounds what damaged data could produce.
        let limits = PerMessageDeflateCodec.Limits(maxDecompressedSize: 4 << 20)
        guard let codec = try? PerMessageDeflateCodec(agreement: .init(), role: .client, limits: limits),
            let bytes = try? codec.decompress(Array(data)),
            bytes.count == self.count
        else { return [] }
        return bytes
    }
}
