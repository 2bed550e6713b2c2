import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import WebSocketWire

/// A client on a plain NIO TCP socket that writes exactly the bytes a test builds with `WebSocketWire` and keeps
/// every byte the server sends, so tests judge the server's frames themselves (RSV1 per frame, close codes).
final class RawClient: Sendable {
    private let channel: any Channel
    private let inbox: Inbox

    /// What the server sent so far, and whether it closed TCP.
    final class Inbox: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let state = NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>(([], false))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = Self.unwrapInboundIn(data)
            self.state.withLockedValue { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            self.state.withLockedValue { $0.closed = true }
        }
    }

    /// The 101 (or other) response and the bytes that followed it.
    let response: HandshakeResponse
    private let headerLength: Int

    /// Connects, sends an upgrade request with `extensions` as its `Sec-WebSocket-Extensions` (nil: none), and waits
    /// for the response header.
    init(port: Int, extensions: String?) async throws {
        let inbox = Inbox()
        self.inbox = inbox
        self.channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(inbox) }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        let request = HandshakeRequest.upgrade(
            host: "127.0.0.1:\(port)",
            target: "/",
            extensions: extensions.map { [$0] } ?? []
        )
        try await self.channel.writeAndFlush(ByteBuffer(bytes: request.encoded()))
        let (response, length) = try await Self.wait(inbox, what: "the handshake response") { bytes, _ in
            var parser = HandshakeResponseParser()
            if case .complete(let response, let remainder) = parser.append(bytes) {
                return (response, bytes.count - remainder.count)
            }
            return nil
        }
        self.response = response
        self.headerLength = length
    }

    /// The response's extension elements, parsed.
    func extensionElements() throws(PerMessageDeflateError) -> [ExtensionElement] {
        try ExtensionHeader.parse(self.response.values("Sec-WebSocket-Extensions"))
    }

    func send(_ frames: [Frame]) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(bytes: FrameEncoder.encode(frames)))
    }

    /// Waits until the frames after the handshake satisfy `until` (or TCP closes), and returns them. The default
    /// limit is generous: the whole suite shares two cores in CI, and a passing test never waits for it.
    func frames(
        timeout: Duration = .seconds(60),
        until done: @escaping @Sendable ([ParsedFrame]) -> Bool
    ) async throws -> [ParsedFrame] {
        let start = self.headerLength
        return try await Self.wait(self.inbox, timeout: timeout, what: "frames") { bytes, closed in
            var parser = FrameParser(configuration: .init(allowedReservedBits: 0b100))
            parser.append(bytes[start...])
            let frames = parser.drain()
            return done(frames) || closed ? frames : nil
        }
    }

    /// The first close frame's status code among `frames`.
    static func closeCode(in frames: [ParsedFrame]) -> UInt16? {
        guard let close = frames.first(where: { $0.frame.opcode == .close }), close.frame.payload.count >= 2 else {
            return nil
        }
        return UInt16(close.frame.payload[0]) << 8 | UInt16(close.frame.payload[1])
    }

    func close() async {
        try? await self.channel.close()
    }

    private static func wait<T>(
        _ inbox: Inbox,
        timeout: Duration = .seconds(60),
        what: String,
        _ check: @Sendable ([UInt8], Bool) -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            let (bytes, closed) = inbox.state.withLockedValue { $0 }
            if let result = check(bytes, closed) {
                return result
            }
            if closed {
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw RawClientError(description: "no \(what) within \(timeout)")
    }
}

struct RawClientError: Error, CustomStringConvertible {
    var description: String
}
