// swift-tools-version:6.0
// Flamingo: cloud-instance contextualization from the initramfs.
// Layout: CFlamingo (C libraries) → FlamingoCore (all logic) → flamingo (thin command line).
import PackageDescription

let package = Package(
    name: "flamingo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flamingo", targets: ["flamingo"]),
        .library(name: "FlamingoCore", targets: ["FlamingoCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libblkid, libmount, libyaml and the few syscalls glibc does not wrap (openat2).
        .systemLibrary(name: "CFlamingo", path: "Sources/CFlamingo"),
        .target(name: "FlamingoCore", dependencies: ["CFlamingo"]),
        .executableTarget(
            name: "flamingo",
            dependencies: [
                "FlamingoCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FlamingoCoreTests",
            dependencies: ["FlamingoCore"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
