/// Ignition's `storage.disks` and `storage.filesystems`, through the disk layer disk_setup uses:
/// partitions decided against each disk's table (`IgnitionPartitioning`), applied with libfdisk
/// and announced to the kernel (`Apply/DeviceChanges`); filesystems made with mkfs where Ignition
/// makes them — an existing filesystem of the format (and the label and UUID, when given) is
/// reused unless `wipeFilesystem`; anything else there is refused without it; a disk in use (the
/// root's, the config drive's) is never touched. A filesystem with a `path` gets a mount unit,
/// enabled for local-fs.target, so the booted system mounts it there (docs/ignition.md).
public enum StorageDisks: Module {
    public static let name = "storage_disks"
    public static let frequency = Frequency.perInstance
    /// Read from Ignition configs only (`IgnitionInput`): cloud-config has `disk_setup` and `fs_setup`.
    public static let configKeys: [ConfigKey] = []

    public struct Settings: ModuleSettings {
        public var disks: [IgnitionDisk] = []
        public var filesystems: [IgnitionFilesystem] = []
        /// The config they came from, for messages.
        public var file = ""
        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let settings = context.config[Settings.self]
        guard !settings.disks.isEmpty || !settings.filesystems.isEmpty else { return plan }
        func refuse(_ at: IgnitionLocation, _ message: String) {
            plan.diagnostics.append(Diagnostic(.error, file: settings.file, mark: at.mark, keyPath: at.path, message))
        }
        let configDrive = DiskSetup.configDrive(context)
        // The nodes of partitions planned in this run, by every name a filesystem may give them.
        var plannedNodes: [String: String] = [:]
        for disk in settings.disks {
            guard let block = SysfsBlock.byPath(disk.device) else { refuse(disk.location, "\(disk.device) is not a block device"); continue }
            do {
                let table = try PartitionTable(device: block.node)
                let inUse = DiskInUse.reason(block, mounts: context.mountTable, configDrive: configDrive)
                guard let partitioning = try IgnitionPartitioning.plan(disk, node: block.node, table: table, inUse: inUse) else {
                    plan.notes.append("\(disk.device): partitions already as the config says")
                    continue
                }
                plan.actions.append(.device(.editPartitions(partitioning)))
                for (number, label) in partitioning.plannedNumbers() {
                    let node = FilesystemCreation.partitionNode(block.node, number)
                    plannedNodes[node] = node
                    plannedNodes[FilesystemCreation.partitionNode(disk.device, number)] = node
                    if let label { plannedNodes["/dev/disk/by-partlabel/\(label)"] = node }
                }
            } catch {
                refuse(disk.location, "\(error)")
            }
        }
        for (index, filesystem) in settings.filesystems.enumerated() {
            guard let format = filesystem.format, !format.isEmpty else { continue }
            let planned = plannedNodes[filesystem.device]
            let node = planned ?? SysfsBlock.byPath(filesystem.device)?.node
            guard let node else { refuse(filesystem.location, "\(filesystem.device) is not a block device"); continue }
            if format != "none" {
                if planned == nil, let block = SysfsBlock.byPath(node), let reason = DiskInUse.reason(block, mounts: context.mountTable, configDrive: configDrive) {
                    refuse(filesystem.location, "\(filesystem.device) is never formatted: \(reason)")
                    continue
                }
                let contents = planned == nil ? FilesystemCreation.liveProbe(node) : DeviceContents()
                switch decide(filesystem, format: format, contents: contents) {
                case .reuse:
                    plan.notes.append("\(filesystem.device): \(contents) already there: reused")
                case .refuse(let why):
                    refuse(filesystem.location, why)
                    continue
                case .make(let force):
                    var entry = FilesystemSetupEntry(device: node, index: index)
                    entry.filesystem = format
                    entry.label = filesystem.label
                    entry.partition = .none
                    entry.overwrite = force
                    entry.extraOptions = uuidOptions(format, filesystem.uuid) + filesystem.options
                    plan.actions.append(.device(.makeFilesystem(FilesystemCreation(entry: entry, path: node, force: force, expected: contents))))
                }
            }
            if let path = filesystem.path, !path.isEmpty, path != "/", format != "swap" {
                plan.actions += mountUnit(filesystem, path: path, format: format)
            }
        }
        // As Ignition, which stops at the first conflict: one entry that cannot be applied and
        // none of them is (docs/ignition.md).
        if plan.diagnostics.contains(where: { $0.severity == .error }) && !plan.actions.isEmpty {
            plan.notes.append("nothing of storage.disks and filesystems applied: \(plan.actions.count) planned change\(plan.actions.count == 1 ? "" : "s") left out")
            plan.actions = []
        }
        return plan
    }

    enum Decision: Equatable { case reuse, refuse(String), make(force: Bool) }

    /// Ignition's rule for what the device holds.
    static func decide(_ filesystem: IgnitionFilesystem, format: String, contents: DeviceContents) -> Decision {
        if contents.isEmpty { return .make(force: filesystem.wipeFilesystem == true) }
        if filesystem.wipeFilesystem == true { return .make(force: true) }
        let found = contents.filesystem
        let typeMatches = contents.single == format
        let labelMatches = (filesystem.label ?? "").isEmpty || found?.label == filesystem.label
        let uuidMatches = (filesystem.uuid ?? "").isEmpty
            || found?.uuid?.lowercased().replacing("-", with: "") == filesystem.uuid?.lowercased().replacing("-", with: "")
        if typeMatches && labelMatches && uuidMatches { return .reuse }
        return .refuse("\(filesystem.device) holds \(contents), not the \(format) filesystem asked for: wipeFilesystem: true replaces it")
    }

    /// How each mkfs is told the filesystem's UUID.
    static func uuidOptions(_ format: String, _ uuid: String?) -> [String] {
        guard let uuid, !uuid.isEmpty else { return [] }
        switch format {
        case "ext4", "btrfs", "swap": return ["-U", uuid]
        case "xfs": return ["-m", "uuid=\(uuid)"]
        case "vfat": return ["-i", uuid.replacing("-", with: "")]
        default: return []
        }
    }

    /// `path` → `<escaped>.mount` under /etc/systemd/system, wanted by local-fs.target.
    static func mountUnit(_ filesystem: IgnitionFilesystem, path: String, format: String) -> [Action] {
        let name = escapedPath(path) + ".mount"
        var text = "# Written by flamingo from an Ignition config (storage.filesystems, path \(path)).\n"
        text += "[Unit]\nBefore=local-fs.target\n\n[Mount]\nWhat=\(filesystem.device)\nWhere=\(path)\n"
        if format != "none" { text += "Type=\(format)\n" }
        if !filesystem.mountOptions.isEmpty { text += "Options=\(filesystem.mountOptions.joined(separator: ","))\n" }
        text += "\n[Install]\nRequiredBy=local-fs.target\n"
        let unit = "\(UnitInstaller.configDirectory)/\(name)"
        return [.writeFile(FileWrite(path: unit, text: text, mode: FileMode(0o644), owner: .root)),
                .symlink(path: "\(UnitInstaller.configDirectory)/local-fs.target.requires/\(name)", target: unit, owner: .root)]
    }

    /// `systemd-escape --path`: slashes become dashes, other bytes outside [A-Za-z0-9:_.] (and a
    /// leading dot) become `\xNN`.
    static func escapedPath(_ path: String) -> String {
        let trimmed = IgnitionPath.clean(path).dropFirst()
        if trimmed.isEmpty { return "-" }
        var out = ""
        for (index, byte) in trimmed.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "/"): out += "-"
            case UInt8(ascii: "."): out += index == 0 ? "\\x2e" : "."
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: ":"), UInt8(ascii: "_"):
                out += String(UnicodeScalar(byte))
            default:
                out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out
    }
}
