import Foundation
import Testing
@testable import FlamingoCore

/// The rules docs/architecture.md states about the source tree, checked on the sources themselves.
@Suite struct ArchitectureTests {
    /// Every Swift file of a target, as (path relative to Sources/, text).
    static func swiftFiles(under folder: String) throws -> [(path: String, text: String)] {
        let sources = URL(fileURLWithPath: Fixtures.sources).deletingLastPathComponent().path
        let base = sources + "/" + folder
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [(String, String)] = []
        for case let name as String in walker where name.hasSuffix(".swift") {
            files.append((folder + "/" + name, try String(contentsOfFile: base + "/" + name, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static func imports(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                  words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
            return String(words[index + 1])
        }
    }

    /// C is seen by `System/` only: every other file of the product (the library's other folders,
    /// the command line, the fuzz targets) imports neither Glibc nor CFlamingo. libFuzzer's entry
    /// point (`flamingo-fuzz`, C callbacks by definition, built only by scripts/fuzz.sh) is the
    /// one exception.
    @Test func onlySystemSeesC() throws {
        var files = try Self.swiftFiles(under: "FlamingoCore").filter { !$0.path.hasPrefix("FlamingoCore/System/") }
        files += try Self.swiftFiles(under: "flamingo") + Self.swiftFiles(under: "FlamingoFuzzTargets")
        #expect(files.count > 100)
        for file in files {
            let c = Self.imports(file.text).filter { ["Glibc", "CFlamingo", "Musl", "Darwin"].contains($0) }
            #expect(c.isEmpty, "\(file.path) imports \(c.joined(separator: ", ")): wrap the call in System/")
        }
    }

    /// No Foundation in the product (docs/decisions/no-foundation.md), not even its Essentials.
    @Test func noFoundationInTheProduct() throws {
        let files = try Self.swiftFiles(under: "FlamingoCore") + Self.swiftFiles(under: "flamingo")
            + Self.swiftFiles(under: "FlamingoFuzzTargets")
        for file in files {
            let foundation = Self.imports(file.text).filter { $0.hasPrefix("Foundation") }
            #expect(foundation.isEmpty, "\(file.path) imports \(foundation.joined(separator: ", "))")
        }
    }

    /// What `System/` offers is Swift: no public declaration there names a C type, so no caller
    /// needs C to use it (`stat`, `mode_t`, `off_t`, raw flags and the like stay inside).
    @Test func systemsPublicInterfaceNamesNoCType() throws {
        let cTypes = ["stat", "mode_t", "off_t", "uid_t", "gid_t", "pid_t", "dev_t", "timespec", "statvfs", "flock",
                      "yaml_event_t", "yaml_parser_t", "crypt_data", "OpaquePointer", "UnsafeMutablePointer<CChar>"]
        for file in try Self.swiftFiles(under: "FlamingoCore/System") {
            for line in file.text.split(separator: "\n") where line.contains("public ") {
                let words = Set(line.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init))
                let named = cTypes.filter { words.contains($0) }
                #expect(named.isEmpty, "\(file.path): \(line.trimmingCharacters(in: .whitespaces)) names \(named)")
            }
        }
    }

    /// Planning reads the sysroot through `SysrootView` only: the confined root itself, which can
    /// open files for writing, is used by the writer (`Apply/`), the run's mounts (`Mount/`,
    /// `Run/`) and `System/` — no module, account, network, disk or format code reaches it.
    @Test func onlyTheWriterAndTheRunOpenTheRootThemselves() throws {
        let allowed = ["FlamingoCore/System/", "FlamingoCore/Apply/", "FlamingoCore/Mount/", "FlamingoCore/Run/"]
        for file in try Self.swiftFiles(under: "FlamingoCore") where !allowed.contains(where: file.path.hasPrefix) {
            #expect(!file.text.contains("confinedRoot"), "\(file.path) opens the sysroot's confined root: read through SysrootView")
        }
    }

    /// Only the applier changes the machine: programs run (`Subprocess.run`), disks written
    /// (`writable: true`, new tables, BLKPG, the disk lock) only from `Apply/` (and `System/`,
    /// which offers the calls). Planning, `Disks/` included, decides; it never does.
    @Test func onlyTheApplierRunsProgramsAndWritesDisks() throws {
        let doing = ["Subprocess.run(", "writable: true", "PartitionTable.create(", "announcePartition(", "announceTable(",
                     "zeroEnds(", "DiskLock.holdExclusive("]
        for file in try Self.swiftFiles(under: "FlamingoCore")
        where !file.path.hasPrefix("FlamingoCore/Apply/") && !file.path.hasPrefix("FlamingoCore/System/") {
            for call in doing where file.text.contains(call) {
                #expect(Bool(false), "\(file.path) calls \(call): only Apply/ carries changes out")
            }
        }
    }

    /// The programs flamingo runs in the initramfs are the ones the dracut module installs.
    @Test func theDracutModuleInstallsThePrograms() throws {
        let setup = URL(fileURLWithPath: Fixtures.sources).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("dracut/modules.d/30flamingo/module-setup.sh").path
        let installed = try String(contentsOfFile: setup, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("inst_multiple") }.flatMap { $0.split(separator: " ").map(String.init) }
        for program in Programs.installedByTheModule {
            #expect(installed.contains(program), "module-setup.sh does not install \(program)")
        }
    }

    /// docs/architecture.md names every file of FlamingoCore, and lists the folders in the order
    /// the dependency test enforces.
    @Test func theArchitectureDocumentNamesEveryFileAndTheFoldersInFlowOrder() throws {
        let doc = try String(contentsOfFile: URL(fileURLWithPath: Fixtures.sources).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/architecture.md").path, encoding: .utf8)
        for file in try Self.swiftFiles(under: "FlamingoCore") {
            let name = String(file.path.split(separator: "/").last!.dropLast(".swift".count).prefix { $0 != "+" })
            #expect(doc.contains("`\(name)`") || doc.contains("\(name)`"), "docs/architecture.md does not name \(file.path)")
        }
        let rows = doc.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.split(separator: "|").first?.hasSuffix("/` ") == true }
            .map { String($0.dropFirst(3).prefix { $0 != "/" }) }
        #expect(rows == DependencyDirectionTests.order, "the folder table's order: \(rows)")
    }
}
