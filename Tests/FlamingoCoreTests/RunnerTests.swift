import Foundation
import Glibc
import Testing
@testable import FlamingoCore

/// Whole runs from a seed directory into a temporary sysroot (the device paths are covered by
/// the script-level tests in Tests/device, which need root and loop devices).
@Suite struct RunnerTests {
    let host = TemporaryDirectory()  // stands in for /run/flamingo

    func run(seed: String, sysroot: TemporaryDirectory, dryRun: Bool = false, force: Bool = false) -> (RunReport, [String], String) {
        var lines: [String] = []
        var printed = ""
        var request = RunRequest(sysroot: sysroot.path, source: .seed(seed))
        request.dryRun = dryRun
        request.force = force
        request.runDirectory = host.path
        request.macs = ["enp0s1=fa:16:3e:69:b0:58"]  // the NIC of configdrive-latest's network_data.json
        let report = Runner(request: request, log: Log(verbose: true) { lines.append($0) }, output: { printed += $0 }).run()
        return (report, lines, printed)
    }

    func debianLikeSysroot() -> TemporaryDirectory {
        TemporaryDirectory(["etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "root/.keep": ""])
    }

    @Test func aNoCloudSeedWritesHostnameAndRootKeys() throws {
        let root = debianLikeSysroot()
        let (report, _, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        #expect(report.exitCode == 0)
        #expect(report.datasource == "NoCloud" && report.instanceID == "iid-nocloud-0001")
        #expect(root.read("etc/hostname") == "web1\n")
        // No cloud-config users: the default user (ID unknown here: cloud-user) gets the keys,
        // root the same keys behind disable_root_opts.
        #expect(root.read("home/cloud-user/.ssh/authorized_keys")?.split(separator: "\n").count == 2)
        #expect(root.read("root/.ssh/authorized_keys")?.split(separator: "\n").allSatisfy { $0.hasPrefix("no-port-forwarding,") } == true)
        #expect(root.mode("root/.ssh") == 0o700 && root.mode("root/.ssh/authorized_keys") == 0o600)
    }

    @Test func aSecondRunSkipsPerInstanceStepsAndChangesNothing() throws {
        let root = debianLikeSysroot()
        _ = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        var before = stat()
        stat(root.path + "/etc/hostname", &before)
        let (report, lines, _) = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        var after = stat()
        stat(root.path + "/etc/hostname", &after)
        #expect(report.exitCode == 0)
        #expect(before.st_ino == after.st_ino)
        #expect(report.previousInstanceID == "83679162-1378-4288-a2d4-70e13ec132aa")
        let modules = report.steps.filter { $0.frequency == .perInstance }
        #expect(modules.count == ModuleRegistry.all.filter { $0.frequency == .perInstance }.count && modules.allSatisfy { $0.status == .skipped })
        #expect(modules.allSatisfy { $0.reason == "per-instance: already done for instance 83679162-1378-4288-a2d4-70e13ec132aa" })
        // Only the records are rewritten.
        #expect(lines.filter { $0.contains("wrote") }.allSatisfy { $0.hasPrefix("flamingo: record: /var/lib/flamingo/") })
    }

    /// An id with trailing whitespace (quoted in YAML) is the same instance on the next boot: its
    /// per-instance modules do not run again (they did, overwriting an admin's edits).
    @Test func anInstanceIDWithTrailingWhitespaceIsTheSameInstanceNextBoot() throws {
        let seed = TemporaryDirectory()
        seed.write("meta-data", "instance-id: \"iid-spaced \\t\"\nlocal-hostname: spaced\n")
        let root = debianLikeSysroot()
        _ = run(seed: seed.path, sysroot: root)
        let (report, _, _) = run(seed: seed.path, sysroot: root)
        #expect(report.instanceID == "iid-spaced" && report.previousInstanceID == "iid-spaced")
        #expect(report.steps.filter { $0.frequency == .perInstance }.allSatisfy { $0.status == .skipped })
    }

    @Test func forceRunsPerInstanceStepsAgainAndTheyFindEverythingInPlace() throws {
        let root = debianLikeSysroot()
        _ = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        let (report, lines, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root, force: true)
        #expect(report.steps.filter { $0.frequency != nil }.allSatisfy { $0.reason == "forced" })
        #expect(lines.contains("flamingo: set_hostname: /etc/hostname: unchanged"))
        #expect(lines.contains("flamingo: ssh: /root/.ssh/authorized_keys: unchanged"))
        #expect(lines.contains("flamingo: users_groups: user cloud-user exists: gecos, shell ignored (cloud-init applies them only when it creates a user)"))
        #expect(!lines.contains { $0.contains("wrote") && !$0.contains("/var/lib/flamingo/") })
    }

    /// The marks are written with the record, last; the directory syncs deferred during the run
    /// are a step of their own after it (its failure would fail the run).
    @Test func marksComeWithTheRecordAndTheRunEndsWithASync() throws {
        let root = debianLikeSysroot()
        let (report, lines, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        #expect(report.steps.last?.name == "sync" && report.steps.last?.status == .ok)
        let markLines = lines.filter { $0.contains("/var/lib/flamingo/sem/") }
        #expect(!markLines.isEmpty && markLines.allSatisfy { $0.hasPrefix("flamingo: record: ") })
        #expect(root.read("var/lib/flamingo/sem/set_hostname") == "iid-nocloud-0001\n")
    }

    @Test func aNewInstanceRunsPerInstanceStepsAgain() throws {
        let root = debianLikeSysroot()
        _ = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        let (report, _, _) = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        #expect(report.previousInstanceID == "iid-nocloud-0001")
        #expect(report.steps.first { $0.name == "set_hostname" }?.status == .ok)
        #expect(report.steps.first { $0.name == "ssh" }?.status == .ok)
        #expect(root.read("etc/hostname") == "test\n")
        #expect(root.read("var/lib/flamingo/instance-id") == "83679162-1378-4288-a2d4-70e13ec132aa\n")
        #expect(root.read("var/lib/flamingo/sem/set_hostname") == "83679162-1378-4288-a2d4-70e13ec132aa\n")
    }

    @Test func aFailedModuleIsNotMarkedAndRunsAgainNextBoot() throws {
        let root = debianLikeSysroot()
        try FileManager.default.createDirectory(atPath: root.path + "/etc/hostname", withIntermediateDirectories: true)
        let (first, _, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        #expect(first.steps.first { $0.name == "set_hostname" }?.status == .failed)
        #expect(root.read("var/lib/flamingo/sem/set_hostname") == nil)
        #expect(root.read("var/lib/flamingo/sem/ssh") == "iid-nocloud-0001\n")
        try FileManager.default.removeItem(atPath: root.path + "/etc/hostname")
        let (second, _, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        #expect(second.steps.first { $0.name == "set_hostname" }?.status == .ok)
        #expect(second.steps.first { $0.name == "ssh" }?.status == .skipped)
    }

    @Test func theResultRecordIsWrittenOnBothSidesAndReadsBack() throws {
        let root = debianLikeSysroot()
        let (report, _, _) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        let hostText = try #require(host.read("result.json"))
        let sysrootText = try #require(root.read("var/lib/flamingo/result.json"))
        let record = try parseJSON(hostText)
        #expect(record["flamingo"]?.scalar?.text == FlamingoVersion.current)
        #expect(record["datasource"]?.scalar?.text == "NoCloud")
        #expect(record["instance_id"]?.scalar?.text == "iid-nocloud-0001")
        #expect(record["outcome"]?.scalar?.text == "ok")
        let names = record["steps"]?.sequence?.compactMap { $0["name"]?.scalar?.text }
        #expect(names == report.steps.map(\.name))
        #expect(names?.starts(with: ["read", "sysroot", "cloud-config"] + ModuleRegistry.all.map { $0.name }) == true)
        #expect(try parseJSON(sysrootText)["instance_id"]?.scalar?.text == "iid-nocloud-0001")
        let summary = try StatusSummary(json: hostText, file: "result.json")
        #expect(summary.text.contains("datasource NoCloud from "))
        #expect(summary.text.contains("set_hostname"))
        #expect(!summary.failed)
    }

    @Test func theHistoryKeepsTheLastFiveRecords() throws {
        let root = debianLikeSysroot()
        for index in 0..<7 { root.write("var/lib/flamingo/results/2020-01-0\(index + 1)T00-00-00Z.json", "{}") }
        _ = run(seed: Fixtures.path("nocloud-basic"), sysroot: root)
        let kept = try FileManager.default.contentsOfDirectory(atPath: root.path + "/var/lib/flamingo/results").sorted()
        #expect(kept.count == FlamingoPaths.historyLength)
        #expect(kept.first == "2020-01-04T00-00-00Z.json")
    }

    @Test func theNetworkIsRenderedForTheSysrootsStackAndStaleFilesGo() throws {
        let root = debianLikeSysroot()
        root.write("usr/sbin/NetworkManager", "")
        root.write("etc/NetworkManager/system-connections/flamingo-old0.nmconnection", "[connection]\n")
        root.write("etc/NetworkManager/system-connections/admin.nmconnection", "[connection]\n")
        let (report, lines, _) = run(seed: Fixtures.path("configdrive-latest"), sysroot: root)
        #expect(report.exitCode == 0)
        #expect(lines.contains("flamingo: network: renderer nm: the sysroot has NetworkManager"))
        let keyfile = root.read("etc/NetworkManager/system-connections/flamingo-enp0s1.602.nmconnection") ?? ""
        #expect(keyfile.contains("[vlan]\nid=602\n") && keyfile.contains("address1=10.0.1.5/29\n"))
        #expect(root.mode("etc/NetworkManager/system-connections/flamingo-enp0s1.nmconnection") == 0o600)
        #expect(!root.exists("etc/NetworkManager/system-connections/flamingo-old0.nmconnection"))
        #expect(root.exists("etc/NetworkManager/system-connections/admin.nmconnection"))
    }

    @Test func withoutAKnownNetworkStackTheDescriptionIsAWarning() throws {
        let (report, lines, _) = run(seed: Fixtures.path("configdrive-latest"), sysroot: debianLikeSysroot())
        #expect(report.exitCode == 0)
        #expect(lines.contains { $0.contains("network: warning: ") && $0.contains("the network description is not applied") })
    }

    @Test func aDryRunWritesNoRecordAnywhere() throws {
        let root = debianLikeSysroot()
        _ = run(seed: Fixtures.path("nocloud-basic"), sysroot: root, dryRun: true)
        #expect(host.read("result.json") == nil)
        #expect(!root.exists("var"))
    }

    @Test func aDryRunPrintsThePlanAndWritesNothing() throws {
        let root = debianLikeSysroot()
        let treeBefore = root.tree()
        let (report, _, printed) = run(seed: Fixtures.path("nocloud-basic"), sysroot: root, dryRun: true)
        #expect(report.exitCode == 0)
        #expect(root.tree() == treeBefore)
        #expect(printed.contains("write /etc/hostname (0644 0:0, 5 bytes)\n  | web1\n"))
        #expect(printed.contains("mkdir /root/.ssh (0700 0:0)"))
        #expect(printed.contains("write /etc/shadow (0640 0:0, "))
        #expect(printed.contains("  | (secret: contents not shown)"))
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
        request.runDirectory = host.path
        var lines: [String] = []
        let report = Runner(request: request, log: Log { lines.append($0) }).run()
        #expect(report.exitCode == 1)
        #expect(lines.contains { $0.contains("sysroot: error: open \"/nonexistent/flamingo-sysroot\"") })
    }
}

/// The initramfs step's failure policy and `flamingo=0`. One at a time: an initramfs run arms the
/// process's alarm and signal handlers, which a run beside it would see.
@Suite(.serialized) struct InitrdRunTests {
    let host = TemporaryDirectory()

    func run(seed: String, sysroot: TemporaryDirectory, commandLine: String) -> RunReport {
        var request = RunRequest(sysroot: sysroot.path, source: .seed(seed))
        request.initrd = true
        request.runDirectory = host.path
        request.udevTimeoutMilliseconds = 0
        let boot = BootOptions(KernelCommandLine(commandLine))
        request.apply(boot)
        let runner = Runner(request: request, log: Log { _ in })
        return boot.enabled ? runner.run() : runner.recordDisabled()
    }

    @Test func brokenInputNeverFailsTheBootWithoutStrict() {
        let report = run(seed: Fixtures.path("nocloud-broken"), sysroot: TemporaryDirectory(), commandLine: "quiet")
        #expect(report.failed && report.exitCode == 0)
        #expect(report.mode == "initrd")
    }

    @Test func strictMakesAFailureFailTheStep() {
        let report = run(seed: Fixtures.path("nocloud-broken"), sysroot: TemporaryDirectory(), commandLine: "flamingo.strict=1")
        #expect(report.exitCode == 1)
    }

    /// The step's deadline and its signal decisions end with the run (a process may run again).
    @Test func theDeadlineEndsWithTheRun() {
        _ = run(seed: Fixtures.path("nocloud-basic"), sysroot: TemporaryDirectory(), commandLine: "quiet")
        #expect(alarm(0) == 0)
    }

    @Test func disabledRecordsOnlyOnTheHostSide() throws {
        let root = TemporaryDirectory()
        let report = run(seed: Fixtures.path("nocloud-basic"), sysroot: root, commandLine: "flamingo=0")
        #expect(report.disabled && report.exitCode == 0)
        #expect(root.tree().isEmpty)
        #expect(try parseJSON(try #require(host.read("result.json")))["outcome"]?.scalar?.text == "disabled")
    }
}
