import Foundation
import Testing
import FlamingoCore
@testable import FlamingoFuzzTargets

/// The fuzz corpus (hand-written seeds and every input a fuzzer ever found crashing, hanging or
/// breaking an invariant) replayed through the same entry points `scripts/fuzz.sh` fuzzes, without
/// a fuzz build: a regression fails here as a crash or a precondition.
@Suite struct FuzzCorpusTests {
    static let corpus = Fixtures.path("fuzz")

    static func inputs(_ target: FuzzTarget) -> [String] {
        let directory = corpus + "/" + target.rawValue
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
    }

    @Test(arguments: FuzzTarget.allCases) func corpusReplays(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(files.count >= 3, "\(target.rawValue): a target needs a seed corpus (Fixtures/fuzz/\(target.rawValue))")
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: file), "\(file) unreadable")
            target.run(Array(bytes))
        }
    }

    /// Every corpus folder belongs to a target, so a renamed target cannot leave its corpus unreplayed.
    @Test func everyCorpusFolderIsATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus)
        for folder in folders { #expect(FuzzTarget(rawValue: folder) != nil, "Fixtures/fuzz/\(folder) has no FuzzTarget") }
    }

    /// The location invariant counts lines as YAML does (lone CRs and NEL are line breaks)...
    @Test func locationCheckAcceptsYAMLLineBreaks() {
        let bytes: [UInt8] = Array("a\rb\r".utf8) + [0xC2, 0x85] + Array("c: [".utf8)
        FuzzTarget.yaml.run(bytes)
    }

    /// ...and does fire: a location past the input's last line stops the process.
    @Test func locationCheckTrapsOutsideTheInput() async {
        await #expect(processExitsWith: .failure) {
            let outside = Diagnostic(.error, file: "f", mark: Mark(line: 9, column: 1), "x")
            FuzzTarget.checkLocation(outside, in: Array("one line".utf8))
        }
    }
}
