// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gauntlet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gauntlet", targets: ["gauntlet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "WebSocketWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .target(
            name: "MessageSchema",
            dependencies: [
                .product(name: "Yams", package: "Yams")
            ]
        ),
        .target(
            name: "GauntletCore",
            dependencies: [
                "WebSocketWire",
                "MessageSchema",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The generator of DeflatePayloadData.swift lives beside the data it writes.
            exclude: ["Catalogue/generate-deflate-payloads.py"]
        ),
        .target(
            name: "ReferenceServer",
            dependencies: [
                "WebSocketWire",
                "MessageSchema",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Fuzzing",
            dependencies: ["GauntletCore", "MessageSchema", "WebSocketWire"]
        ),
        .target(
            name: "Reporting",
            dependencies: ["GauntletCore"]
        ),
        .executableTarget(
            name: "gauntlet",
            dependencies: [
                "GauntletCore",
                "Reporting",
                "ReferenceServer",
                "MessageSchema",
                "Fuzzing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "DeflateBench", dependencies: ["WebSocketWire"], path: "benchmarks/DeflateBench"),
        // Creates the environment variables the tests set before any test thread starts (see its source).
        .target(name: "TestEnvironment", path: "Tests/TestEnvironment"),
        .testTarget(name: "WebSocketWireTests", dependencies: ["WebSocketWire"]),
        .testTarget(name: "MessageSchemaTests", dependencies: ["MessageSchema"]),
        .testTarget(
            name: "ReferenceServerTests",
            dependencies: [
                "ReferenceServer",
                "WebSocketWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "GauntletCoreTests",
            dependencies: [
                "GauntletCore", "ReferenceServer", "Reporting", "TestEnvironment",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FuzzingTests",
            dependencies: [
                "Fuzzing", "GauntletCore", "MessageSchema", "WebSocketWire", "ReferenceServer", "TestEnvironment",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Reporting", "GauntletCore", "ReferenceServer", "TestEnvironment"],
            exclude: ["Resources"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
