import Glibc
import Testing
@testable import FlamingoCore

/// Inputs that used to trap (integer overflow, a range with its bounds reversed) or fail a legal
/// write: each is now an error with a message, or simply works.
@Suite struct RobustnessTests {
    let host = TemporaryDirectory()

    func run(userData: String, sysroot: TemporaryDirectory) -> (RunReport, [String]) {
        runCloudConfig(userData, sysroot: sysroot, host: host, instanceID: "iid-robust")
    }

    func sysroot() -> TemporaryDirectory {
        TemporaryDirectory(["etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "etc/group": "root:x:0:\n"])
    }

    @Test func aLoginDefsWithItsRangeReversedIsAnErrorNotATrap() throws {
        let defs = LoginDefs(loginDefs: "UID_MIN 60000\nUID_MAX 1000\n", useraddDefaults: nil)
        #expect(throws: AccountError.self) { try defs.idRange(gid: false, system: false) }
        #expect(try defs.idRange(gid: true, system: false) == 1000...60000)
        let root = sysroot()
        root.write("etc/login.defs", "UID_MIN 60000\nUID_MAX 1000\n")
        let (report, lines) = run(userData: "users: [{name: alice}]\n", sysroot: root)
        #expect(report.steps.first { $0.name == "users_groups" }?.status == .failed)
        #expect(lines.contains { $0.contains("/etc/login.defs: invalid configuration: UID_MIN, UID_MAX = 60000, 1000") })
        #expect(report.steps.contains { $0.name == "record" && $0.status == .ok })  // the rest of the run went on
    }

    /// A FIFO at a lock path hung the run until the deadline (opening it for writing waits for a reader).
    @Test func aFIFOAtALockPathIsRefusedAtOnce() throws {
        let root = sysroot()
        #expect(mkfifo(root.path + "/etc/.pwd.lock", 0o600) == 0)
        let start = MonotonicClock.milliseconds()
        let (report, lines) = run(userData: "users: [{name: alice}]\n", sysroot: root)
        #expect(MonotonicClock.milliseconds() - start < 5_000)
        #expect(report.steps.first { $0.name == "users_groups" }?.status == .failed)
        #expect(lines.contains { $0.contains("/etc/.pwd.lock is not a regular file") })
        // A FIFO at a file's own .lock is no lock anybody holds: removed as stale, the user made.
        let other = sysroot()
        #expect(mkfifo(other.path + "/etc/passwd.lock", 0o600) == 0)
        let (second, _) = run(userData: "users: [{name: bob}]\n", sysroot: other)
        #expect(second.steps.first { $0.name == "users_groups" }?.status == .ok)
        #expect(other.read("etc/passwd")?.contains("bob:x:") == true)
    }

    @Test func swapSizesBeyondWhatASwapAreaHoldsAreErrors() {
        #expect(ByteSize.parse("99999999999999999999T") == nil)
        #expect(ByteSize.parse("1e400") == nil)
        #expect(ByteSize.parse("16777215T") == UInt64(16_777_215) << 40)
        // Fits in 64 bits, not in the swap header's 32-bit page count.
        let (report, lines) = run(userData: "swap: {filename: /swapfile, size: 17000000G}\n", sysroot: sysroot())
        #expect(report.steps.first { $0.name == "mounts" }?.status == .failed)
        #expect(lines.contains { $0.contains("swap.size: 18253611008000000 bytes is more than a swap area can hold") })
    }

    @Test func aLegalLongFileNameGetsATemporaryNameThatFits() throws {
        let name = String(repeating: "n", count: 250)
        let temporary = Sysroot.temporaryName(for: name, suffix: ".flamingo-123-456789-0")
        #expect(temporary.utf8.count == 255 && temporary.hasPrefix(".nnn") && temporary.hasSuffix(".flamingo-123-456789-0"))
        let multibyte = String(repeating: "é", count: 127)  // 254 bytes
        #expect(Sysroot.temporaryName(for: multibyte, suffix: ".flamingo-1-2-3").utf8.count <= 255)
        let root = sysroot()
        let target = try Sysroot(path: root.path)
        try target.writeFile("/etc/" + name, contents: Array("long\n".utf8), mode: FileMode(0o644), owner: .root)
        #expect(root.read("etc/" + name) == "long\n")
        try target.writeFile("/etc/" + multibyte, contents: Array("accents\n".utf8), mode: FileMode(0o644), owner: .root)
        #expect(root.read("etc/" + multibyte) == "accents\n")
    }
}
