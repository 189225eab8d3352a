import Foundation
import Testing
@testable import FlamingoCore

/// Finding an ostree deployment's stateful var, on real directory trees shaped like
/// `ostree admin deploy` leaves them (the qemu boot test runs the real thing).
@Suite struct OstreeVarTests {
    func physicalRoot() -> TemporaryDirectory {
        let root = TemporaryDirectory()
        root.write("ostree/deploy/fedora/var/.keep", "")
        root.write("ostree/deploy/fedora/deploy/abc123.0/etc/os-release", "ID=fedora\n")
        root.symlink("ostree/boot.1/fedora/bootcsum/0", to: "../../../deploy/fedora/deploy/abc123.0")
        return root
    }

    @Test func fromTheDeploymentDirectoryItself() throws {
        let root = physicalRoot()
        let found = OstreeVar.locate(sysroot: root.path + "/ostree/deploy/fedora/deploy/abc123.0", ostreeArgument: nil)
        #expect(found == root.path + "/ostree/deploy/fedora/var")
    }

    @Test func fromTheOstreeArgumentAsInTheInitramfs() throws {
        // In the initramfs /sysroot is the deployment and /sysroot/sysroot the physical root.
        let root = physicalRoot()
        let deployment = root.path + "/ostree/deploy/fedora/deploy/abc123.0"
        try FileManager.default.createSymbolicLink(atPath: deployment + "/sysroot", withDestinationPath: root.path)
        let sysroot = TemporaryDirectory()
        sysroot.symlink("sysroot", to: root.path)
        let found = OstreeVar.locate(sysroot: sysroot.path, ostreeArgument: "/ostree/boot.1/fedora/bootcsum/0")
        #expect(found == root.path + "/ostree/deploy/fedora/var")
    }

    @Test func anOrdinaryRootIsNotOstree() {
        let root = TemporaryDirectory()
        root.write("etc/os-release", "ID=debian\n")
        #expect(OstreeVar.locate(sysroot: root.path, ostreeArgument: nil) == nil)
        #expect(OstreeVar.locate(sysroot: root.path, ostreeArgument: "/ostree/boot.1/x/y/0") == nil)
    }
}
