// swift-tools-version: 6.0
// coprint: prints co-production canvases and posters as PDFs from declarative layouts.
import PackageDescription

let package = Package(
    name: "coprint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "coprint", targets: ["coprint"]),
        .library(name: "CoprintCore", targets: ["CoprintCore"]),
        .library(name: "CoprintLayout", targets: ["CoprintLayout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The C edge: Cairo, Pango and fontconfig, reached through pkg-config.
        .systemLibrary(
            name: "CCairoPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig-dev"])]
        ),
        // The C edge for finishing PDFs: libqpdf's C API, reached through pkg-config.
        .systemLibrary(
            name: "CQPDF",
            pkgConfig: "libqpdf",
            providers: [.apt(["libqpdf-dev"])]
        ),
        // zlib, for the page content the finishing step rewrites: compressed fast, by coprint.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The C library's allocator settings, for the coprint program's memory policy.
        .systemLibrary(name: "CMalloc"),
        // PDF bytes in, finished PDF bytes out: language, XMP, form fields. The only target that sees qpdf.
        .target(
            name: "CoprintFinish",
            dependencies: ["CQPDF", "CZlib"]
        ),
        // Pure Swift: layout files in, positioned page items out. Cannot see C.
        .target(
            name: "CoprintLayout",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Page items in, PDF and PNG bytes out. The only target that touches C.
        .target(
            name: "CoprintRender",
            dependencies: ["CCairoPango", "CoprintLayout"]
        ),
        // What the commands do, usable as a library.
        .target(
            name: "CoprintCore",
            dependencies: ["CoprintLayout", "CoprintRender", "CoprintFinish"]
        ),
        // The web page and HTTP API (`coprint serve`). Layout and render code never see it.
        .target(
            name: "CoprintServe",
            dependencies: ["CoprintCore", "CoprintLayout", "CoprintRender", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "coprint",
            dependencies: [
                "CoprintCore",
                "CoprintServe",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["CoprintLayout"], path: "Tests/TestSupport"),
        .testTarget(name: "CoprintLayoutTests", dependencies: ["CoprintLayout", "TestSupport"]),
        .testTarget(name: "CoprintRenderTests", dependencies: ["CoprintRender", "CoprintCore", "TestSupport"]),
        .testTarget(name: "CoprintCLITests", dependencies: ["CoprintCore", "TestSupport"]),
        .testTarget(
            name: "CoprintServeTests",
            dependencies: [
                "CoprintServe", "CoprintCore", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "CoprintFinishTests", dependencies: ["CoprintFinish", "CoprintCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
