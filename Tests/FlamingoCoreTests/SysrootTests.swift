import Foundation
import Testing
@testable import FlamingoCore

/// The sysroot layer, with both resolvers: the kernel's openat2(RESOLVE_IN_ROOT) and the
/// userspace walk used on kernels without it.
@Suite struct SysrootTests {
    static let resolvers: [ConfinedRoot.Resolver] = [.kernel, .userspace]

    @Test(arguments: resolvers) func writesAtomicallyWithModeAndOwner(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        try sysroot.writeFile("/etc/hostname", contents: Array("a\n".utf8), mode: FileMode(0o640), owner: Owner(uid: 12, gid: 34))
        try sysroot.writeFile("etc/hostname", contents: Array("b\n".utf8), mode: FileMode(0o644), owner: .root)
        #expect(root.read("etc/hostname") == "b\n")
        #expect(root.mode("etc/hostname") == 0o644)
        #expect(root.mode("etc") == 0o755)
        #expect(root.tree() == ["etc", "etc/hostname"])  // no temp file left behind
        try sysroot.writeFile("/srv/x", contents: [], mode: FileMode(0o600), owner: Owner(uid: 12, gid: 34))
        var status = stat()
        stat(root.path + "/srv/x", &status)
        #expect(status.st_uid == 12 && status.st_gid == 34)
    }

    /// A user's links are never followed, by either resolver: in a directory she owns, or one her
    /// group may write; root's links are (ostree's /home -> var/home), and so is any link in a
    /// directory only root may write. A drive's links only need to stay inside the drive.
    @Test(arguments: resolvers) func aUsersLinksAreNotFollowed(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        root.write("etc/secret", "root's\n")
        root.write("var/home/alice/.keep", "")
        root.write("srv/shared/.keep", "")
        chown(root.path + "/var/home/alice", 1000, 1000)
        chmod(root.path + "/srv/shared", 0o775)
        root.symlink("home", to: "var/home")                         // root's, in a root-only directory
        root.symlink("var/home/alice/notes", to: "/etc/secret")      // hers, in her home
        root.symlink("srv/shared/link", to: "/etc/secret")           // root's, in a group-writable directory
        root.symlink("srv/shared/hers", to: "/etc/secret")
        lchown(root.path + "/var/home/alice/notes", 1000, 1000)
        lchown(root.path + "/srv/shared/hers", 1000, 1000)
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        #expect(try sysroot.status("/home/alice/.keep") != nil)
        #expect(try sysroot.readText("/srv/shared/link") == "root's\n")
        for path in ["/home/alice/notes", "/srv/shared/hers"] {
            #expect(throws: SystemError.self) { try sysroot.readText(path) }
            do { _ = try sysroot.readText(path) } catch let error as SystemError {
                #expect(error.code == .tooManyLinks && "\(error)".contains("not following the link"), "\(error)")
            }
        }
        let drive = try ConfinedRoot(path: root.path, resolver: resolver, links: .anyInside)
        #expect(try drive.open("/home/alice/notes", .readOnly).status().size == 7)
    }

    /// A batch shares its syncs but not its failures: a file that cannot be written fails alone,
    /// the others land, no temporary file is left; with the syncs deferred to the end of a run,
    /// the same holds and `syncAll` succeeds.
    @Test(arguments: resolvers) func aBatchOfWritesFailsFileByFile(resolver: ConfinedRoot.Resolver) throws {
        for deferred in [false, true] {
            let root = TemporaryDirectory()
            root.write("blocker", "a regular file where a directory is wanted")
            let sysroot = try Sysroot(path: root.path, resolver: resolver)
            sysroot.syncsAtEndOfRun = deferred
            let errors = sysroot.writeFiles([
                FileWrite(path: "/etc/one", text: "1\n", mode: FileMode(0o644), owner: .root),
                FileWrite(path: "/blocker/two", text: "2\n", mode: FileMode(0o644), owner: .root),
                FileWrite(path: "/etc/sub/three", text: "3\n", mode: FileMode(0o600), owner: Owner(uid: 5, gid: 6)),
            ])
            #expect(errors[0] == nil && errors[2] == nil)
            #expect(errors[1].map { "\($0)".contains("Not a directory") } == true)
            #expect(root.read("etc/one") == "1\n" && root.read("etc/sub/three") == "3\n")
            #expect(root.mode("etc/sub/three") == 0o600)
            #expect(root.tree() == ["blocker", "etc", "etc/one", "etc/sub", "etc/sub/three"])
            try sysroot.syncAll()
        }
    }

    @Test(arguments: resolvers) func makeDirectorySetsModeAlsoWhenItExists(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        try sysroot.makeDirectory("/root/.ssh", mode: FileMode(0o755), owner: .root)
        try sysroot.makeDirectory("/root/.ssh", mode: FileMode(0o700), owner: .root)
        #expect(root.mode("root/.ssh") == 0o700)
    }

    /// `etc` → `/tmp/outside…` planted in the sysroot: the absolute link resolves inside the
    /// sysroot, where it dangles, so the write fails and nothing appears outside.
    @Test(arguments: resolvers) func anAbsoluteSymlinkCannotLeadOut(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        let outside = TemporaryDirectory()
        root.symlink("etc", to: outside.path)
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        #expect(throws: SystemError.self) {
            try sysroot.writeFile("/etc/hostname", contents: Array("x".utf8), mode: FileMode(0o644), owner: .root)
        }
        #expect(outside.tree().isEmpty)
    }

    @Test(arguments: resolvers) func dotDotSymlinksStopAtTheRoot(resolver: ConfinedRoot.Resolver) throws {
        let outer = TemporaryDirectory()
        outer.write("sysroot/.keep", "")
        let root = outer.path + "/sysroot"
        try FileManager.default.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "../../../..")
        let sysroot = try Sysroot(path: root, resolver: resolver)
        try sysroot.writeFile("/etc/hostname", contents: Array("x\n".utf8), mode: FileMode(0o644), owner: .root)
        // `..` from the root is the root: the file lands at <sysroot>/hostname, inside.
        #expect(outer.read("sysroot/hostname") == "x\n")
        #expect(outer.tree() == ["sysroot", "sysroot/.keep", "sysroot/etc", "sysroot/hostname"])
    }

    @Test(arguments: resolvers) func symlinksInsideTheRootAreFollowedInsideIt(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        root.write("var/roothome/.keep", "")
        root.symlink("root", to: "/var/roothome")  // as on ostree systems
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        try sysroot.makeDirectory("/root/.ssh", mode: FileMode(0o700), owner: .root)
        try sysroot.writeFile("/root/.ssh/authorized_keys", contents: Array("k\n".utf8), mode: FileMode(0o600), owner: .root)
        #expect(root.read("var/roothome/.ssh/authorized_keys") == "k\n")
    }

    @Test(arguments: resolvers) func aFinalSymlinkIsReplacedNotFollowed(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        let outside = TemporaryDirectory()
        outside.write("target", "original")
        root.symlink("etc/hostname", to: outside.path + "/target")
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        try sysroot.writeFile("/etc/hostname", contents: Array("new\n".utf8), mode: FileMode(0o644), owner: .root)
        #expect(outside.read("target") == "original")
        #expect(root.read("etc/hostname") == "new\n")
        var status = stat()
        lstat(root.path + "/etc/hostname", &status)
        #expect(status.st_mode & S_IFMT == S_IFREG)
    }

    @Test(arguments: resolvers) func readsRefuseWhatIsNotARegularFile(resolver: ConfinedRoot.Resolver) throws {
        let root = TemporaryDirectory()
        root.write("etc/.keep", "")
        mkfifo(root.path + "/etc/passwd", 0o644)
        let sysroot = try Sysroot(path: root.path, resolver: resolver)
        #expect(throws: SystemError.self) { try sysroot.read("/etc/passwd") }
        #expect(try sysroot.read("/etc/shadow") == nil)
    }

    @Test func symlinkLoopsEndInAnError() throws {
        let root = TemporaryDirectory()
        root.symlink("a", to: "b")
        root.symlink("b", to: "a")
        for resolver in Self.resolvers {
            let sysroot = try Sysroot(path: root.path, resolver: resolver)
            #expect(throws: SystemError.self) { try sysroot.read("/a/x") }
        }
    }
}
