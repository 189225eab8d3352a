// swift-tools-version:6.0
// Flamingo: cloud-instance contextualization from the initramfs.
// Layout: CFlamingo (C libraries) → FlamingoCore (all logic) → flamingo (thin command line);
// FlamingoFuzzTargets: the parsers' fuzz entry points (scripts/fuzz.sh, corpus replay in swift test).
import PackageDescription

let package = Package(
    name: "flamingo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "flamingo", targets: ["flamingo"]),
        .library(name: "FlamingoCore", targets: ["FlamingoCore"]),
    ],
    targets: [
        // libblkid, libmount, libyaml and the few syscalls glibc does not wrap (openat2).
        .systemLibrary(name: "CFlamingo", path: "Sources/CFlamingo"),
        .target(name: "FlamingoCore", dependencies: ["CFlamingo"]),
        // The command line: no package dependencies (docs/decisions/own-command-line-parser.md).
        .executableTarget(name: "flamingo", dependencies: ["FlamingoCore"]),
        // The parsers' fuzz entry points, shared by the fuzzer and the corpus replay in swift test.
        .target(name: "FlamingoFuzzTargets", dependencies: ["FlamingoCore"]),
        .testTarget(
            name: "FlamingoCoreTests",
            dependencies: ["FlamingoCore", "FlamingoFuzzTargets"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// The libFuzzer executable exists only for scripts/fuzz.sh (FLAMINGO_FUZZ=1): it needs libFuzzer's
// driver (-sanitize=fuzzer), and no other build needs it. CFuzzerMain supplies its entry point.
if Context.environment["FLAMINGO_FUZZ"] != nil {
    package.products.append(.executable(name: "flamingo-fuzz", targets: ["flamingo-fuzz"]))
    package.targets.append(.target(name: "CFuzzerMain"))
    package.targets.append(.executableTarget(
        name: "flamingo-fuzz",
        dependencies: ["FlamingoFuzzTargets", "CFuzzerMain"],
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}
