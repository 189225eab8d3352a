/// `fs_setup` for one entry. Which device gets the filesystem, and whether one is made at all,
/// is decided when it is applied — after `disk_setup` made the partitions, against what the
/// devices hold then — so a second run finds the filesystem and makes nothing.
///
/// Safety rule (stricter than cloud-init, which formats a partition holding another filesystem
/// unless it has this label and type): a device holding anything (`DeviceContents`: a
/// filesystem, a partition table, several signatures) is formatted only with `overwrite: true`,
/// or — a single filesystem — when its type is `replace_fs`. A disk in use (`DiskInUse`: the
/// root's, the config drive's) is never formatted.
public struct FilesystemCreation: Sendable, Equatable, CustomStringConvertible {
    public var entry: FilesystemSetupEntry
    /// The device `device` names (aliases and short names resolved), without the partition.
    public var device: String
    /// The device this run read its instance data from (never formatted); nil for a seed directory.
    public var configDrive: String?

    public init(entry: FilesystemSetupEntry, device: String, configDrive: String? = nil) {
        self.entry = entry
        self.device = device
        self.configDrive = configDrive
    }

    public enum Outcome: Sendable, Equatable {
        case made(String)
        case skipped(String)
    }

    public var description: String {
        let what = entry.command.map { "run `\($0)`" } ?? "make \(entry.filesystem ?? "?")" + (entry.label.map { " \"\($0)\"" } ?? "")
        let where_: String
        switch entry.partition {
        case .number(let number): where_ = "partition \(number) of \(device)"
        case .none: where_ = device
        case .auto: where_ = "the first free partition of \(device)"
        case .any: where_ = "the first free partition of \(device) (any)"
        }
        return "fs_setup[\(entry.index)]: \(what) on \(where_), unless it holds a filesystem then"
    }

    /// What a device holds; a device that cannot be probed counts as holding something.
    public typealias Probe = @Sendable (String) -> DeviceContents
    public static let liveProbe: Probe = { device in
        (try? Blkid.contents(device)) ?? DeviceContents(ambivalent: true)
    }
    /// Why the disk holding a device must not be touched (`DiskInUse`), or nil.
    public typealias InUse = @Sendable (String) -> String?

    /// Picks the device to format, or says why nothing is made.
    public func target(probe: Probe = liveProbe, exists: MountDevice.Exists = MountDevice.liveSystem,
                       inUse: InUse? = nil) -> Result<(path: String, force: Bool), SkipReason> {
        let filesystem = entry.filesystem
        let configDrive = self.configDrive
        let inUse = inUse ?? { device in
            SysfsBlock.byPath(device).flatMap { DiskInUse.reason($0, mounts: .current(), configDrive: configDrive) }
        }
        if exists(device), let reason = inUse(device) { return .failure(SkipReason("\(device) is never formatted: \(reason)")) }
        switch entry.partition {
        case .number(let number):
            guard let path = MountDevice.partitionPath(device, number, exists) else { return .failure(SkipReason("\(device) has no partition \(number)")) }
            return decide(path, probe(path), force: false)
        case .none:
            guard exists(device) else { return .failure(SkipReason("\(device) does not exist")) }
            return decide(device, probe(device), force: true)
        case .auto, .any:
            guard exists(device) else { return .failure(SkipReason("\(device) does not exist")) }
            let partitions = SysfsBlock.byPath(device)?.partitions.sorted { $0.key < $1.key }.map(\.value.node) ?? []
            let candidates = [device] + partitions
            let identities = candidates.map { ($0, probe($0)) }
            if entry.partition == .any, let replace = entry.replaceFilesystem,
               let reused = identities.first(where: { $0.1.single == replace }) {
                return .success((reused.0, true))
            }
            if let filesystem, let existing = identities.first(where: { $0.1.single == filesystem && (entry.partition == .any || $0.1.filesystem?.label == entry.label) }) {
                return .failure(SkipReason("\(existing.0) already holds \(existing.1): nothing made"))
            }
            if partitions.isEmpty {
                if !identities[0].1.isEmpty { return .failure(SkipReason("\(device) holds \(identities[0].1) and the kernel knows no partition on it: left alone")) }
                return .success((device, true))
            }
            if let free = identities.dropFirst().first(where: { $0.1.isEmpty }) { return .success((free.0, false)) }
            return .failure(SkipReason("every partition of \(device) holds a filesystem: nothing made"))
        }
    }

    public struct SkipReason: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    func decide(_ path: String, _ contents: DeviceContents, force: Bool) -> Result<(path: String, force: Bool), SkipReason> {
        if contents.isEmpty { return .success((path, force)) }
        if let existing = contents.single, existing == entry.filesystem, contents.filesystem?.label == entry.label, !entry.overwrite {
            return .failure(SkipReason("\(path) already holds \(contents): nothing made"))
        }
        if entry.overwrite || (contents.single != nil && contents.single == entry.replaceFilesystem) { return .success((path, true)) }
        let replaceHint = contents.single.map { ", or replace_fs: \($0)," } ?? ""
        return .failure(SkipReason("\(path) holds \(contents): left alone (overwrite: true\(replaceHint) replaces it)"))
    }

    /// The program and arguments: `cmd` through the shell with %(label)s, %(filesystem)s and
    /// %(device)s filled in, else mkfs.TYPE (mkswap for swap) with the label, the force flag
    /// where a filesystem is replaced or a whole disk formatted, and extra_opts.
    public func command(for path: String, force: Bool) -> (program: String, arguments: [String]) {
        if let command = entry.command {
            let filled = command.replacing("%(label)s", with: entry.label ?? "")
                .replacing("%(filesystem)s", with: entry.filesystem ?? "")
                .replacing("%(device)s", with: path)
            return ("sh", ["-c", filled])
        }
        let filesystem = entry.filesystem ?? ""
        var arguments: [String] = []
        if let label = entry.label { arguments += [["vfat", "fat", "msdos"].contains(filesystem) ? "-n" : "-L", label] }
        if force || entry.overwrite {
            if filesystem.hasPrefix("ext") { arguments.append("-F") } else if ["xfs", "btrfs", "swap", "reiserfs"].contains(filesystem) { arguments.append("-f") }
        }
        arguments += entry.extraOptions + [path]
        return (filesystem == "swap" ? "mkswap" : "mkfs.\(filesystem)", arguments)
    }

    public func apply() throws -> Outcome {
        let chosen: (path: String, force: Bool)
        switch target() {
        case .failure(let reason): return .skipped(reason.description)
        case .success(let value): chosen = value
        }
        // The whole disk stays locked while the filesystem is written (DiskLock).
        if let whole = SysfsBlock.byPath(chosen.path).map({ $0.disk ?? $0 }) { try DiskLock.holdExclusive(whole.node) }
        let (name, arguments) = command(for: chosen.path, force: chosen.force)
        guard let program = Subprocess.find(name) else {
            throw DiskError("\(name) is not installed (the dracut module installs mkfs tools the build host has): fs_setup[\(entry.index)] not made")
        }
        let result = try Subprocess.run(program, arguments)
        guard result.status == 0 else {
            throw DiskError("\(name) \(arguments.joined(separator: " ")) exited with \(result.status): \(result.output.split(separator: "\n").joined(separator: "; "))")
        }
        return .made("\(name) \(arguments.joined(separator: " "))")
    }
}
