/// `fs_setup` for one entry, decided when planned: which device gets the filesystem, with which
/// program and arguments — what `--dry-run` prints is what a run does. A disk that `disk_setup`
/// partitions in the same run is decided against its planned layout (its new partitions are
/// empty; the disk then holds a partition table); any other device against what it holds now.
/// Applying (`Apply/DeviceChanges`) re-checks that the device still holds what it held when
/// planned, so a second run finds the filesystem and makes nothing.
///
/// Safety rule (stricter than cloud-init, which formats a partition holding another filesystem
/// unless it has this label and type): a device holding anything (`DeviceContents`: a
/// filesystem, a partition table, several signatures) is formatted only with `overwrite: true`,
/// or — a single filesystem — when its type is `replace_fs`. A disk in use (`DiskInUse`: the
/// root's, the config drive's) is never formatted.
public struct FilesystemCreation: Sendable, Equatable, CustomStringConvertible {
    public var entry: FilesystemSetupEntry
    /// The device that gets the filesystem: the disk or one of its partitions.
    public var path: String
    /// Whether the program is told to overwrite (a whole disk, a replaced filesystem, `overwrite`).
    public var force: Bool
    /// What the device held when planned; applying makes nothing if it holds something else.
    public var expected: DeviceContents

    public var description: String {
        "fs_setup[\(entry.index)]: \(command.program) \(command.arguments.joined(separator: " "))"
    }

    /// What a device holds; a device that cannot be probed counts as holding something.
    public typealias Probe = @Sendable (String) -> DeviceContents
    public static let liveProbe: Probe = { device in
        (try? Blkid.contents(device)) ?? DeviceContents(ambivalent: true)
    }
    /// Why the disk holding a device must not be touched (`DiskInUse`), or nil.
    public typealias InUse = @Sendable (String) -> String?

    /// Decides the entry on `device` (aliases and short names resolved, without the partition).
    /// `planned`: the partitioning disk_setup plans for that disk in this run, if any.
    public static func plan(_ entry: FilesystemSetupEntry, device: String, configDrive: String?, planned: DiskPartitioning? = nil,
                            probe: Probe = liveProbe, exists: MountDevice.Exists = MountDevice.liveSystem,
                            inUse: InUse? = nil) -> Result<FilesystemCreation, SkipReason> {
        let inUse = inUse ?? { device in
            SysfsBlock.byPath(device).flatMap { DiskInUse.reason($0, mounts: .current(), configDrive: configDrive) }
        }
        if exists(device), let reason = inUse(device) { return .failure(SkipReason("\(device) is never formatted: \(reason)")) }
        let decided: Result<(path: String, force: Bool, contents: DeviceContents), SkipReason>
        if let planned {
            decided = decideOnPlannedLayout(entry, device: device, planned: planned)
        } else {
            decided = decideOnDevice(entry, device: device, probe: probe, exists: exists)
        }
        return decided.map { FilesystemCreation(entry: entry, path: $0.path, force: $0.force, expected: $0.contents) }
    }

    /// The disk as disk_setup will leave it: a new table whose partitions hold nothing, or (with
    /// `remove`) no table and nothing at its start.
    static func decideOnPlannedLayout(_ entry: FilesystemSetupEntry, device: String, planned: DiskPartitioning)
        -> Result<(path: String, force: Bool, contents: DeviceContents), SkipReason> {
        let count = planned.remove ? 0 : planned.partitions.count
        let table = planned.remove ? DeviceContents() : DeviceContents(partitionTable: planned.label == .gpt ? "gpt" : "dos")
        switch entry.partition {
        case .number(let number):
            guard number <= count else { return .failure(SkipReason("\(device) will have no partition \(number) after disk_setup")) }
            return decide(entry, partitionNode(device, number), DeviceContents(), force: false)
        case .none:
            return decide(entry, device, table, force: true)
        case .auto, .any:
            if count == 0 { return decide(entry, device, table, force: true) }
            return .success((partitionNode(device, 1), false, DeviceContents()))
        }
    }

    /// The device as it is now.
    static func decideOnDevice(_ entry: FilesystemSetupEntry, device: String, probe: Probe, exists: MountDevice.Exists)
        -> Result<(path: String, force: Bool, contents: DeviceContents), SkipReason> {
        switch entry.partition {
        case .number(let number):
            guard let path = MountDevice.partitionPath(device, number, exists) else { return .failure(SkipReason("\(device) has no partition \(number)")) }
            return decide(entry, path, probe(path), force: false)
        case .none:
            guard exists(device) else { return .failure(SkipReason("\(device) does not exist")) }
            return decide(entry, device, probe(device), force: true)
        case .auto, .any:
            guard exists(device) else { return .failure(SkipReason("\(device) does not exist")) }
            let partitions = SysfsBlock.byPath(device)?.partitions.sorted { $0.key < $1.key }.map(\.value.node) ?? []
            let identities = ([device] + partitions).map { ($0, probe($0)) }
            if entry.partition == .any, let replace = entry.replaceFilesystem,
               let reused = identities.first(where: { $0.1.single == replace }) {
                return .success((reused.0, true, reused.1))
            }
            if let filesystem = entry.filesystem,
               let existing = identities.first(where: { $0.1.single == filesystem && (entry.partition == .any || $0.1.filesystem?.label == entry.label) }) {
                return .failure(SkipReason("\(existing.0) already holds \(existing.1): nothing made"))
            }
            if partitions.isEmpty {
                if !identities[0].1.isEmpty { return .failure(SkipReason("\(device) holds \(identities[0].1) and the kernel knows no partition on it: left alone")) }
                return .success((device, true, identities[0].1))
            }
            if let free = identities.dropFirst().first(where: { $0.1.isEmpty }) { return .success((free.0, false, free.1)) }
            return .failure(SkipReason("every partition of \(device) holds a filesystem: nothing made"))
        }
    }

    public struct SkipReason: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static func decide(_ entry: FilesystemSetupEntry, _ path: String, _ contents: DeviceContents, force: Bool)
        -> Result<(path: String, force: Bool, contents: DeviceContents), SkipReason> {
        if contents.isEmpty { return .success((path, force, contents)) }
        if let existing = contents.single, existing == entry.filesystem, contents.filesystem?.label == entry.label, !entry.overwrite {
            return .failure(SkipReason("\(path) already holds \(contents): nothing made"))
        }
        if entry.overwrite || (contents.single != nil && contents.single == entry.replaceFilesystem) { return .success((path, true, contents)) }
        let replaceHint = contents.single.map { ", or replace_fs: \($0)," } ?? ""
        return .failure(SkipReason("\(path) holds \(contents): left alone (overwrite: true\(replaceHint) replaces it)"))
    }

    /// The node the kernel gives partition `number` of `device`: `vdb1`, `loop0p1`, `nvme0n1p1`
    /// (a `p` when the disk's name ends in a digit), or `…-partN` for a /dev/disk/by-* link.
    static func partitionNode(_ device: String, _ number: Int) -> String {
        if device.hasPrefix("/dev/disk/") { return "\(device)-part\(number)" }
        let node = SysfsBlock.byPath(device)?.node ?? device
        return node.last?.isNumber == true ? "\(node)p\(number)" : "\(node)\(number)"
    }

    /// The program and arguments: `cmd` through the shell with %(label)s, %(filesystem)s and
    /// %(device)s filled in, else mkfs.TYPE (mkswap for swap) with the label, the force flag
    /// where a filesystem is replaced or a whole disk formatted, and extra_opts.
    public var command: (program: String, arguments: [String]) {
        if let command = entry.command {
            let filled = command.replacing("%(label)s", with: entry.label ?? "")
                .replacing("%(filesystem)s", with: entry.filesystem ?? "")
                .replacing("%(device)s", with: path)
            return (Programs.shell, ["-c", filled])
        }
        let filesystem = entry.filesystem ?? ""
        var arguments: [String] = []
        if let label = entry.label { arguments += [["vfat", "fat", "msdos"].contains(filesystem) ? "-n" : "-L", label] }
        if force || entry.overwrite {
            if filesystem.hasPrefix("ext") { arguments.append("-F") } else if ["xfs", "btrfs", "swap", "reiserfs"].contains(filesystem) { arguments.append("-f") }
        }
        arguments += entry.extraOptions + [path]
        return (Programs.mkfs(filesystem), arguments)
    }
}
