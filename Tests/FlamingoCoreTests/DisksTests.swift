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
        #expect(defaults[GrowPart.Settings.self].growpart == GrowpartConfig() && defaults[GrowPart.Settings.self].growpart.devices == ["/"] && defaults[GrowPart.Settings.self].growpart.mode == .auto)
        #expect(defaults[ResizeRootfs.Settings.self].resizeRootfs == .on)
        #expect(decode("growpart: {mode: false}").config[GrowPart.Settings.self].growpart.mode == .off)
        #expect(decode("growpart: {mode: \"off\"}").config[GrowPart.Settings.self].growpart.mode == .off)
        let config = decode("growpart: {mode: growpart, devices: [/, /dev/vdb1], ignore_growroot_disabled: true}\nresize_rootfs: noblock\n").config
        #expect(config[GrowPart.Settings.self].growpart.mode == .growpart && config[GrowPart.Settings.self].growpart.devices == ["/", "/dev/vdb1"] && config[GrowPart.Settings.self].growpart.ignoreGrowrootDisabled)
        #expect(config[ResizeRootfs.Settings.self].resizeRootfs == .noblock)
        #expect(decode("resize_rootfs: false").config[ResizeRootfs.Settings.self].resizeRootfs == .off)
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

/// disk_setup, fs_setup, mounts and swap: decoding, device names, fstab, the swap header.
@Suite struct DiskSetupAndMountsTests {
    func decode(_ text: String) -> CloudConfigDecoder {
        CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(("#cloud-config\n" + text).utf8)), vendorData: nil))
    }

    @Test func diskSetupAndFsSetupDecodeWithCloudInitsDefaults() {
        let config = decode("""
            disk_setup:
              ephemeral0: {table_type: gpt, layout: [33, [66, 82]], overwrite: true}
              /dev/vdc: {layout: true}
              /dev/vdd: {layout: remove}
            fs_setup:
              - {label: data, filesystem: EXT4, device: ephemeral0.1, extra_opts: "-m 0 -E nodiscard"}
              - {filesystem: swap, device: /dev/vdc, partition: auto, replace_fs: NTFS}
              - {device: /dev/vdd, partition: none, cmd: "mkfs -t %(filesystem)s -L %(label)s %(device)s", label: x}
            """).config
        #expect(config[DiskSetup.Settings.self].diskSetup.map(\.device) == ["ephemeral0", "/dev/vdc", "/dev/vdd"])
        #expect(config[DiskSetup.Settings.self].diskSetup[0].tableType == .gpt && config[DiskSetup.Settings.self].diskSetup[0].overwrite)
        #expect(config[DiskSetup.Settings.self].diskSetup[0].layout == .percentages([.init(percent: 33, type: nil), .init(percent: 66, type: "82")]))
        #expect(config[DiskSetup.Settings.self].diskSetup[1].tableType == .dos && config[DiskSetup.Settings.self].diskSetup[1].layout == .whole && !config[DiskSetup.Settings.self].diskSetup[1].overwrite)
        #expect(config[DiskSetup.Settings.self].diskSetup[2].layout == .remove)
        #expect(config[DiskSetup.Settings.self].fsSetup[0].filesystem == "ext4" && config[DiskSetup.Settings.self].fsSetup[0].partition == .any && config[DiskSetup.Settings.self].fsSetup[0].extraOptions == ["-m", "0", "-E", "nodiscard"])
        #expect(config[DiskSetup.Settings.self].fsSetup[1].partition == .auto && config[DiskSetup.Settings.self].fsSetup[1].replaceFilesystem == "ntfs")
        #expect(config[DiskSetup.Settings.self].fsSetup[2].partition == .none && config[DiskSetup.Settings.self].fsSetup[2].command != nil)
    }

    @Test func diskSetupMistakesHaveLocations() {
        #expect(decode("disk_setup:\n  /dev/vdb: {table_type: dos, layout: [60, 50]}\nfs_setup:\n  - {device: /dev/vdb}\n").diagnostics.map(\.description) == [
            "user-data:3:26: error: disk_setup./dev/vdb.table_type: expected mbr or gpt, found \"dos\"",
            "user-data:3:39: error: disk_setup./dev/vdb.layout: the partitions add up to 110 %, more than the disk",
            "user-data:5:5: error: fs_setup[0]: a filesystem needs `filesystem` or `cmd`",
        ])
    }

    /// fs_setup is decided when planned: on a disk disk_setup partitions in the same plan, against
    /// the layout it will have; on any other device, against what it holds now.
    @Test func fsSetupIsDecidedWhenPlanned() throws {
        func entry(_ partition: FilesystemSetupEntry.Partition, overwrite: Bool = false) -> FilesystemSetupEntry {
            var entry = FilesystemSetupEntry(device: "/dev/vdb", index: 0)
            entry.filesystem = "ext4"; entry.label = "data"; entry.partition = partition; entry.overwrite = overwrite
            return entry
        }
        let planned = DiskPartitioning(disk: "/dev/vdb", label: .gpt,
                                       partitions: [.init(sectors: 1000, type: "8300"), .init(sectors: nil, type: "82")], remove: false)
        let nothingHere: FilesystemCreation.Probe = { _ in DeviceContents() }
        func plan(_ entry: FilesystemSetupEntry, planned: DiskPartitioning?, probe: @escaping FilesystemCreation.Probe = nothingHere,
                  exists: @escaping MountDevice.Exists = { _ in true }) -> Result<FilesystemCreation, FilesystemCreation.SkipReason> {
            FilesystemCreation.plan(entry, device: "/dev/vdb", configDrive: nil, planned: planned, probe: probe, exists: exists, inUse: { _ in nil })
        }
        // Partitions disk_setup makes in this run: fresh, empty, named as the kernel will name them.
        let second = try plan(entry(.number(2)), planned: planned, exists: { _ in false }).get()
        #expect(second.path == "/dev/vdb2" && second.expected == DeviceContents() && !second.force)
        #expect(second.description == "fs_setup[0]: mkfs.ext4 -L data /dev/vdb2")
        #expect(try plan(entry(.auto), planned: planned, exists: { _ in false }).get().path == "/dev/vdb1")
        #expect(throws: FilesystemCreation.SkipReason("/dev/vdb will have no partition 3 after disk_setup")) {
            try plan(entry(.number(3)), planned: planned).get()
        }
        // The whole disk will hold the new table: left alone unless overwrite.
        #expect(throws: FilesystemCreation.SkipReason.self) { try plan(entry(.none), planned: planned).get() }
        let whole = try plan(entry(.none, overwrite: true), planned: planned).get()
        #expect(whole.path == "/dev/vdb" && whole.force && whole.expected == DeviceContents(partitionTable: "gpt"))
        // A wiped disk holds nothing at its start: formatted whole.
        let wiped = DiskPartitioning(disk: "/dev/vdb", label: .gpt, partitions: [], remove: true)
        #expect(try plan(entry(.auto), planned: wiped).get().path == "/dev/vdb")
        // No disk_setup: what the device holds now decides, and is what applying expects.
        let holding = DeviceContents(filesystem: FilesystemIdentity(type: "ext4", label: "data"))
        #expect(throws: FilesystemCreation.SkipReason("/dev/vdb1 already holds \(holding): nothing made")) {
            try plan(entry(.number(1)), planned: nil, probe: { _ in holding }).get()
        }
        let replaced = try plan(entry(.number(1), overwrite: true), planned: nil, probe: { _ in holding }).get()
        #expect(replaced.expected == holding && replaced.command.arguments == ["-L", "data", "-F", "/dev/vdb1"])
        // A disk in use is never formatted, whatever the plan says.
        #expect(throws: FilesystemCreation.SkipReason("/dev/vdb is never formatted: it holds the root")) {
            try FilesystemCreation.plan(entry(.auto), device: "/dev/vdb", configDrive: nil, planned: planned, probe: nothingHere,
                                        exists: { _ in true }, inUse: { _ in "it holds the root" }).get()
        }
    }

    /// Applying re-checks what the plan saw: a device that no longer holds it is left alone,
    /// with the reason, and not one byte of it changes (no program runs).
    @Test func aDeviceThatChangedSinceThePlanIsLeftAlone() throws {
        let root = TemporaryDirectory()
        root.write("disk.img", String(repeating: "\0", count: 1 << 16))
        let image = root.path + "/disk.img"
        var entry = FilesystemSetupEntry(device: image, index: 2)
        entry.filesystem = "ext4"; entry.label = "data"; entry.partition = .none
        let planned = DeviceContents(filesystem: FilesystemIdentity(type: "xfs", label: "old"))
        let creation = FilesystemCreation(entry: entry, path: image, force: true, expected: planned)
        let (changed, message) = try DeviceChanges.carryOut(.makeFilesystem(creation))
        #expect(!changed)
        #expect(message.hasPrefix("fs_setup[2]: \(image) holds nothing, not xfs"), "\(message)")
        #expect(message.hasSuffix("as when planned: left alone"), "\(message)")
        #expect(root.read("disk.img") == String(repeating: "\0", count: 1 << 16))
    }

    @Test func partitionNodesAreNamedAsTheKernelNamesThem() {
        #expect(FilesystemCreation.partitionNode("/dev/flamingo-no-such-vdb", 1) == "/dev/flamingo-no-such-vdb1")
        #expect(FilesystemCreation.partitionNode("/dev/flamingo-no-such-nvme0n1", 2) == "/dev/flamingo-no-such-nvme0n1p2")
        #expect(FilesystemCreation.partitionNode("/dev/disk/by-id/virtio-data", 1) == "/dev/disk/by-id/virtio-data-part1")
    }

    @Test func partitionTypesForEachTable() {
        #expect(DiskPartitioning.typeCode(nil, label: .dos) == "83")
        #expect(DiskPartitioning.typeCode("82", label: .dos) == "82")
        #expect(DiskPartitioning.typeCode("8200", label: .dos) == nil)
        #expect(DiskPartitioning.typeCode("82", label: .gpt) == "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F")
        #expect(DiskPartitioning.typeCode("8200", label: .gpt) == "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F")
        #expect(DiskPartitioning.typeCode(nil, label: .gpt) == "0FC63DAF-8483-4772-8E79-3D69D8477DE4")
        #expect(DiskPartitioning.typeCode("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", label: .gpt) == "C12A7328-F81F-11D2-BA4B-00A0C93EC93B")
        #expect(DiskPartitioning.typeCode("zz", label: .gpt) == nil)
    }

    @Test func mountDeviceNamesResolveAsCloudInitDoes() {
        let present: Set<String> = ["/dev/sdb", "/dev/sdb1", "/dev/sdc", "/dev/nvme0n1", "/dev/nvme0n1p2"]
        let exists: MountDevice.Exists = { present.contains($0) }
        #expect(MountDevice.resolve("sdb", aliases: [:], exists: exists) == .spec("/dev/sdb1"))  // the first partition
        #expect(MountDevice.resolve("sdc", aliases: [:], exists: exists) == .spec("/dev/sdc"))
        #expect(MountDevice.resolve("fast.2", aliases: ["fast": "/dev/nvme0n1"], exists: exists) == .spec("/dev/nvme0n1p2"))
        #expect(MountDevice.resolve("sdc.3", aliases: [:], exists: exists) == .skipped("/dev/sdc has no partition 3"))
        #expect(MountDevice.resolve("LABEL=x.y", aliases: [:], exists: exists) == .spec("LABEL=x.y"))
        #expect(MountDevice.resolve("srv.example:/export", aliases: [:], exists: exists) == .spec("srv.example:/export"))
        #expect(MountDevice.resolve("sdz", aliases: [:], exists: exists) == .skipped("/dev/sdz does not exist"))
        if case .skipped(let why) = MountDevice.resolve("ephemeral", aliases: [:], exists: exists) { #expect(why.hasPrefix("ephemeral0 ")) } else { Issue.record("ephemeral") }
    }

    @Test func fstabKeepsTheImagesLinesAndReplacesTaggedOnes() {
        let fstab = Fstab(text: "# comment\nUUID=a / ext4 defaults 0 1\n/dev/x\t/x\tauto\tdefaults,comment=cloudconfig\t0\t2\n\n")
        #expect(fstab.keptLines == ["# comment", "UUID=a / ext4 defaults 0 1"] && fstab.imageDevices == ["UUID=a"] && fstab.previousLines.count == 1)
        #expect(fstab.text(with: [["/dev/y", "/y", "auto", "defaults", "0", "2"]]) == "# comment\nUUID=a / ext4 defaults 0 1\n/dev/y\t/y\tauto\tdefaults,comment=cloudconfig\t0\t2\n")
    }

    @Test func mountsAndSwapDecode() {
        let config = decode("mounts:\n  - [sdb, /data]\n  - [sdc, null]\n  - [ /dev/sdd, /d, xfs, \"defaults\", 0, 0 ]\nswap: {filename: /swap.img, size: 2G, maxsize: 512M}\n").config
        #expect(config[Mounts.Settings.self].mounts.map(\.fields) == [["sdb", "/data"], ["sdc", nil], ["/dev/sdd", "/d", "xfs", "defaults", "0", "0"]])
        #expect(config[Mounts.Settings.self].mountDefaultFields == CloudConfig.defaultMountFields)
        #expect(config[Mounts.Settings.self].swap?.size == .bytes(2 << 30) && config[Mounts.Settings.self].swap?.maxSize == 512 << 20)
        #expect(decode("swap: {size: auto}").config[Mounts.Settings.self].swap?.size == .auto)
        #expect(decode("swap: {size: lots}").diagnostics.map(\.description) == ["user-data:2:14: error: swap.size: expected a size such as 1073741824, 512M or 2G, found \"lots\""])
        #expect(ByteSize.parse(".5G") == 1 << 29 && ByteSize.parse("10M") == 10 << 20 && ByteSize.parse("1024") == 1024 && ByteSize.parse("-1") == nil)
    }

    @Test func swapHeaderAndSuggestedSizes() {
        let header = SwapFile.header(bytes: 64 << 20, uuid: Array(repeating: 7, count: 16), pageSize: 4096)
        #expect(header.count == 4096 && Array(header[4086...]) == Array("SWAPSPACE2".utf8))
        #expect(header[1024] == 1 && SwapFile.isSwap(header, bytes: 64 << 20, pageSize: 4096) && !SwapFile.isSwap(header, bytes: 32 << 20, pageSize: 4096))
        let gib: UInt64 = 1 << 30
        #expect(SwapFile.suggestedSize(memory: 2 * gib, freeSpace: nil, maxSize: nil) == 2 * gib)
        #expect(SwapFile.suggestedSize(memory: 8 * gib, freeSpace: 100 * gib, maxSize: nil) == 4 * gib)
        #expect(SwapFile.suggestedSize(memory: 64 * gib, freeSpace: 1000 * gib, maxSize: nil) == 8 * gib)
        #expect(SwapFile.suggestedSize(memory: 8 * gib, freeSpace: 8 * gib, maxSize: nil) == 2 * gib)  // a quarter of the free space
    }
}
