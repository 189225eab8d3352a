/// `disk_setup` then `fs_setup` (cloud-init's disk_setup module): partition tables on extra
/// disks, then filesystems on them, both decided here (fs_setup on a disk partitioned in this
/// plan, against its planned layout). A disk already laid out as asked, or holding partitions or
/// a filesystem without `overwrite`, is left alone; a filesystem is made only where none is (see
/// `FilesystemCreation`), so a second run changes nothing.
public enum DiskSetup: Module {
    public static let name = "disk_setup"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("disk_setup", Settings.self) { s, r, n, p in s.diskSetup = CloudConfigDecoder.decodeDiskSetup(&r, n, p) },
        ConfigKey("fs_setup", Settings.self) { s, r, n, p in s.fsSetup = CloudConfigDecoder.decodeFilesystemSetup(&r, n, p) },
        ConfigKey("device_aliases", Settings.self) { s, r, n, p in s.deviceAliases = CloudConfigDecoder.decodeAliases(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `disk_setup`, in the order written.
        public var diskSetup: [DiskSetupEntry] = []
        public var fsSetup: [FilesystemSetupEntry] = []
        /// `device_aliases`: names for disks, used by disk_setup, fs_setup and mounts.
        public var deviceAliases: [String: String] = [:]

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config[Settings.self].diskSetup.isEmpty || !config[Settings.self].fsSetup.isEmpty else {
            plan.notes.append("no disk_setup or fs_setup: nothing to do")
            return plan
        }
        // The disks this plan partitions: fs_setup decides on their planned layout.
        var partitioned: [String: DiskPartitioning] = [:]
        for entry in config[Settings.self].diskSetup {
            let at = KeyPath([.key("disk_setup"), .key(entry.device)])
            guard let device = devicePath(entry.device, config[Settings.self].deviceAliases) else {
                plan.notes.append("disk_setup.\(entry.device): a name only a cloud's metadata service resolves: skipped")
                continue
            }
            guard let disk = SysfsBlock.byPath(device) else {
                plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at, "\(device) is not a block device: skipped"))
                continue
            }
            let contents: DeviceContents
            do { contents = try Blkid.contents(device) } catch {
                plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at, "\(device): \(error): skipped"))
                continue
            }
            let inUse = DiskInUse.reason(disk, mounts: context.mountTable, configDrive: configDrive(context))
            switch DiskPartitioning.plan(entry, disk: disk, contents: contents, inUse: inUse) {
            case .partition(let partitioning):
                plan.actions.append(.device(.partitionDisk(partitioning)))
                partitioned[disk.node] = partitioning
            case .nothing(let why): plan.notes.append(why)
            case .unsupported(let why): plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at, why))
            }
        }
        for entry in config[Settings.self].fsSetup {
            var entry = entry
            var name = entry.device
            // `alias.2` and `/dev/sdb.2` name partition 2 (and win over `partition`).
            if let dot = name.lastIndex(of: "."), let number = Int(name[name.index(after: dot)...]), number > 0 {
                entry.partition = .number(number)
                name = String(name[..<dot])
            }
            guard let device = devicePath(name, config[Settings.self].deviceAliases) else {
                plan.notes.append("fs_setup[\(entry.index)]: \(name) is a name only a cloud's metadata service resolves: skipped")
                continue
            }
            let disk = SysfsBlock.byPath(device)?.node ?? device
            switch FilesystemCreation.plan(entry, device: device, configDrive: configDrive(context), planned: partitioned[disk],
                                           exists: context.blockDeviceExists) {
            case .success(let creation): plan.actions.append(.device(.makeFilesystem(creation)))
            case .failure(let reason): plan.notes.append("fs_setup[\(entry.index)]: \(reason)")
            }
        }
        return plan
    }

    /// The device the instance data came from, when it was a drive (not a seed directory).
    static func configDrive(_ context: PlanContext) -> String? {
        context.instance.source.hasPrefix("/dev/") ? context.instance.source : nil
    }

    /// An alias or a name → a /dev path; nil for metadata-service names (`ephemeral0`).
    static func devicePath(_ name: String, _ aliases: [String: String]) -> String? {
        let resolved = aliases[name] ?? name
        if MountDevice.isMetadataName(resolved) { return nil }
        return resolved.hasPrefix("/") ? resolved : "/dev/" + resolved
    }
}
