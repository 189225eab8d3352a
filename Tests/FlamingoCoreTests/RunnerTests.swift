import Foundation
import Testing
@testable import FlamingoCore

/// Whole runs from a seed directory into a temporary sysroot (the device paths are covered by
/// the script-level tests in Tests/device, which need root and loop devices).
@Suite struct RunnerTests {
    func run(seed: String, sysroot: TemporaryDirectory, dryRun: Bool = false) -> (RunReport, [String], String) {
        var lines: [String] = []
        var printed = ""
        var request = RunRequest(sysroot: sysroot.path, source: .seed(seed))
        request.dryRun = dryRun
        let report = Runner(request: request, log: Log(verbose: true) { lines.append($0) }, output: { printed += $0 }).run()
        return (report, lines, printed)
    }

    func debianLikeSysroot() -> TemporaryDirectory {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("root/.keep", "")
        return root
    }

    @Test func aNoCloudSeedWritesHostnameAndRootKeys() throws {
        let root = debianLikeSysroot()
        let (report, _, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        #expect(report.exitCode == 0)
        #expect(report.datasource == "NoCloud" && report.instanceID == "iid-nocloud-0001")
        #expect(root.read("etc/hostname") == "web1\n")
        #expect(root.read("root/.ssh/authorized_keys")?.split(separator: "\n").count == 2)
        #expect(root.mode("root/.ssh") == 0o700 && root.mode("root/.ssh/authorized_keys") == 0o600)
    }

    @Test func aSecondRunChangesNothing() throws {
        let root = debianLikeSysroot()
        _ = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        var before = stat()
        stat(root.path + "/etc/hostname", &before)
        let (report, lines, _) = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        var after = stat()
        stat(root.path + "/etc/hostname", &after)
        #expect(report.exitCode == 0)
        #expect(before.st_ino == after.st_ino)
        #expect(lines.filter { $0.contains("wrote") }.isEmpty)
        #expect(lines.filter { $0.hasSuffix(": unchanged") }.count == 3)
    }

    @Test func aDryRunPrintsThePlanAndWritesNothing() throws {
        let root = debianLikeSysroot()
        let treeBefore = root.tree()
        let (report, _, printed) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root, dryRun: true)
        #expect(report.exitCode == 0)
        #expect(root.tree() == treeBefore)
        #expect(printed.contains("write /etc/hostname (0644 0:0, 5 bytes)\n  | web1\n"))
        #expect(printed.contains("mkdir /root/.ssh (0700 0:0)"))
    }

    @Test func brokenMetaDataFailsAForcedSeedAndWritesNothing() throws {
        let root = debianLikeSysroot()
        let treeBefore = root.tree()
        let (report, lines, _) = run(seed: Fixtures.path("nocloud-broken"), sysroot: root)
        #expect(report.exitCode == 1)
        #expect(root.tree() == treeBefore)
        #expect(lines.contains { $0.hasPrefix("flamingo: read: error: ") && $0.contains("meta-data:3:") })
    }

    @Test func aSeedWithNoLayoutIsAClearError() throws {
        let seed = TemporaryDirectory()
        seed.write("hello", "")
        let (report, lines, _) = run(seed: seed.path, sysroot: debianLikeSysroot())
        #expect(report.exitCode == 1)
        #expect(lines.contains { $0.contains("no known datasource layout") })
    }

    @Test func aSysrootThatDoesNotExistFailsTheRun() throws {
        var request = RunRequest(sysroot: "/nonexistent/flamingo-sysroot", source: .seed(Fixtures.path("nocloud-basic")))
        request.dryRun = false
        var lines: [String] = []
        let report = Runner(request: request, log: Log { lines.append($0) }).run()
        #expect(report.exitCode == 1)
        #expect(lines.contains { $0.contains("sysroot: error: open \"/nonexistent/flamingo-sysroot\"") })
    }
}
