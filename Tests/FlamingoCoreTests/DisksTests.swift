import Testing
@testable import FlamingoCore

/// growpart/resize_rootfs keys, the mount table, sizes: the parts of the disk modules that need
/// no device (the device work is in Tests/disks and the boot test).
@Suite struct DisksTests {
    func decode(_ text: String) -> CloudConfigDecoder {
        CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(("#cloud-config\n" + text).utf8)), vendorData: nil))
    }

    @Test func growpartDefaultsAndEverySpellingOfOff() {
        let defaults = decode("{}").config
        #expect(defaults.growpart == GrowpartConfig() && defaults.growpart.devices == ["/"] && defaults.growpart.mode == .auto)
        #expect(defaults.resizeRootfs == .on)
        #expect(decode("growpart: {mode: false}").config.growpart.mode == .off)
        #expect(decode("growpart: {mode: \"off\"}").config.growpart.mode == .off)
        let config = decode("growpart: {mode: growpart, devices: [/, /dev/vdb1], ignore_growroot_disabled: true}\nresize_rootfs: noblock\n").config
        #expect(config.growpart.mode == .growpart && config.growpart.devices == ["/", "/dev/vdb1"] && config.growpart.ignoreGrowrootDisabled)
        #expect(config.resizeRootfs == .noblock)
        #expect(decode("resize_rootfs: false").config.resizeRootfs == .off)
    }

    @Test func growpartMistakesHaveLocations() {
        #expect(decode("growpart: {mode: fast, devise: [/]}").diagnostics.map(\.description) == [
            "user-data:2:24: warning: growpart.devise: unknown key \"devise\"; did you mean \"devices\"?",
            "user-data:2:18: error: growpart.mode: expected auto, growpart, off or false, found \"fast\"",
        ])
        #expect(decode("resize_rootfs: sometimes").diagnostics.map(\.description) == [
            "user-data:2:16: error: resize_rootfs: expected a boolean (true or false), found a string \"sometimes\"",
        ])
    }

    @Test func mountTableFindsTheTopmostMountWithEscapes() {
        let table = MountTable(text: """
            22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
            40 22 8:1 / /sysroot rw - xfs /dev/sda1 rw
            41 40 7:0 / /sysroot rw - ext4 /dev/loop0 rw
            42 22 0:45 / /mnt/with\\040space rw - btrfs /dev/vdb rw,space_cache
            """)
        #expect(table.mount(at: "/sysroot")?.source == "/dev/loop0")
        #expect(table.mount(at: "/sysroot/")?.number == "7:0")
        #expect(table.mount(at: "/mnt/with space")?.type == "btrfs")
        #expect(table.mount(at: "/nowhere") == nil)
    }

    @Test func sizesForPeople() {
        #expect("\(Bytes(512))" == "512 B" && "\(Bytes(64 << 20))" == "64 MiB" && "\(Bytes(3 << 29))" == "1.5 GiB")
    }

    @Test func filesystemGrowthNeedsAKnownTypeAndRealSlack() {
        if case .unsupported(let why) = FilesystemGrowth.plan(device: "/dev/x", type: "vfat", mountPoint: "/", deviceSize: 1 << 30) {
            #expect(why.contains("vfat filesystems are not resized"))
        } else {
            Issue.record("vfat must be unsupported")
        }
        let growth = FilesystemGrowth(device: "/dev/vda1", type: "xfs", mountPoint: "/sysroot", filesystemSize: 1, deviceSize: 2)
        #expect(growth.command.program == "xfs_growfs" && growth.command.arguments == ["/sysroot"])
        #expect(FilesystemGrowth(device: "/dev/vda1", type: "ext4", mountPoint: "/sysroot", filesystemSize: 1, deviceSize: 2).command.arguments == ["/dev/vda1"])
    }
}
