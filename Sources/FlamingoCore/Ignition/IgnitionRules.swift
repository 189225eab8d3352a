/// Ignition's rules for values (its config validation, spec 3.0–3.6), each said with the JSON
/// path and line:column of the value: paths absolute and clean, modes, hashes, URLs, compression,
/// entries given twice, unit names and contents, partitions, filesystems, RAID levels, links.
/// Where flamingo is stricter than Ignition 2.14 the rule says so (docs/ignition.md lists them).
public enum IgnitionRules {
    public static func check(_ config: IgnitionConfig) -> [Diagnostic] {
        var rules = Checker(file: config.file, minor: config.version.minor)
        rules.ignition(config)
        rules.storageNodes(config)
        rules.disks(config)
        rules.raidAndLuks(config)
        rules.units(config)
        rules.accounts(config)
        return rules.diagnostics
    }

    struct Checker {
        let file: String
        let minor: Int
        var diagnostics: [Diagnostic] = []

        mutating func error(_ at: IgnitionLocation, _ message: String) { error(at, nil, message) }
        mutating func warning(_ at: IgnitionLocation, _ message: String) { warning(at, nil, message) }

        mutating func error(_ at: IgnitionLocation, _ key: String?, _ message: String) {
            diagnostics.append(Diagnostic(.error, file: file, mark: at.mark, keyPath: key.map { at.path.appending($0) } ?? at.path, message))
        }

        mutating func warning(_ at: IgnitionLocation, _ key: String?, _ message: String) {
            diagnostics.append(Diagnostic(.warning, file: file, mark: at.mark, keyPath: key.map { at.path.appending($0) } ?? at.path, message))
        }

        // MARK: ignition

        mutating func ignition(_ config: IgnitionConfig) {
            for item in config.merge {
                if item.source?.isEmpty ?? true { error(item.location, "source", "source is required: a config to merge comes from somewhere") }
                resource(item)
            }
            if let replace = config.replace { resource(replace) }
            var seen = Set<String>()
            for authority in config.certificateAuthorities {
                if authority.source?.isEmpty ?? true { error(authority.location, "source", "source is required: a certificate bundle comes from somewhere") }
                resource(authority)
                if let source = authority.source, !seen.insert(source).inserted { error(authority.location, "duplicate entry defined: this source is listed already") }
            }
        }

        /// A resource: its compression, hash, URL and headers.
        mutating func resource(_ item: IgnitionResource) {
            if let compression = item.compression, !["", "gzip"].contains(compression) {
                error(item.location, "compression", "invalid compression method \"\(compression)\": gzip, or none")
            }
            if let hash = item.hash {
                if item.source == nil {
                    error(item.location.appending("verification"), "hash", "source must be specified if verification is specified")
                } else if let problem = IgnitionHash.problem(hash) {
                    error(item.location.appending("verification"), "hash", problem)
                }
            }
            if let source = item.source, !source.isEmpty, let problem = IgnitionURL.problem(source) {
                error(item.location, "source", problem)
            }
            if !item.httpHeaders.isEmpty {
                let scheme = item.source.flatMap { IgnitionURL.scheme($0) }
                if item.source?.isEmpty ?? true {
                    error(item.location, "httpHeaders", "HTTP headers need an http or https source")
                } else if scheme != "http" && scheme != "https" {
                    error(item.location, "httpHeaders", "cannot use HTTP headers with this source scheme (\(scheme ?? "none")): only http and https have headers")
                }
                var names = Set<String>()
                for (index, header) in item.httpHeaders.enumerated() {
                    let at = item.location.appending("httpHeaders").appending(index)
                    if header.name.isEmpty { error(at, "name", "HTTP header name can't be empty") }
                    if header.value == "" { error(at, "value", "unable to parse HTTP header: its value is empty") }
                    if !names.insert(header.name).inserted { error(at, "duplicate entry defined: this header is set already") }
                }
            }
        }

        // MARK: files, directories, links

        mutating func storageNodes(_ config: IgnitionConfig) {
            // Files, directories and links share one namespace of paths.
            var paths = Set<String>()
            func unique(_ path: String, _ at: IgnitionLocation, _ checker: inout Checker) {
                if !paths.insert(path).inserted { checker.error(at, "duplicate entry defined: \(path) is listed already (files, directories and links share their paths)") }
            }
            let linkPaths = config.links.map(\.path)
            let unitPaths = Set(config.units.flatMap { unit -> [String] in
                var paths: [String] = []
                if !(unit.contents ?? "").isEmpty { paths.append("/etc/systemd/system/\(unit.name)") }
                for dropin in unit.dropins where !(dropin.contents ?? "").isEmpty { paths.append("/etc/systemd/system/\(unit.name).d/\(dropin.name)") }
                return paths
            })
            func underLink(_ path: String) -> String? { linkPaths.first { path.hasPrefix($0 + "/") } }
            // What files, directories and links have in common: a clean unique path, owners, not
            // under a link of the config, not where a unit of the config is written.
            func node(_ kind: String, _ path: String, _ at: IgnitionLocation, _ user: IgnitionOwner, _ group: IgnitionOwner, _ checker: inout Checker) {
                checker.nodePath(path, at)
                unique(path, at, &checker)
                checker.owner(user, at, "user")
                checker.owner(group, at, "group")
                if let link = underLink(path) { checker.error(at, "\(kind) path includes link in config: \(link) is a link") }
                if unitPaths.contains(path) { checker.error(at, "path", "path conflicts with systemd unit or dropin: systemd.units writes \(path)") }
            }

            for file in config.files {
                node("file", file.path, file.location, file.user, file.group, &self)
                mode(file.mode, file.location)
                if file.overwrite == true && file.contents?.source == nil {
                    error(file.location, "overwrite", "overwrite must be false if source is unspecified: overwriting means replacing with contents")
                }
                if let contents = file.contents { resource(contents) }
                for item in file.append { resource(item) }
            }
            for directory in config.directories {
                node("directory", directory.path, directory.location, directory.user, directory.group, &self)
                mode(directory.mode, directory.location)
            }
            let directoryPaths = Set(config.directories.map(\.path))
            for link in config.links {
                node("link", link.path, link.location, link.user, link.group, &self)
                guard let target = link.target, !target.isEmpty else {
                    // Ignition checks this from spec 3.3 on; flamingo in every version (docs/ignition.md).
                    error(link.location, "target", "link target is required")
                    continue
                }
                guard link.hard == true else { continue }
                let resolved = target.hasPrefix("/") ? IgnitionPath.clean(target) : IgnitionPath.clean(IgnitionPath.parent(link.path) + "/" + target)
                if directoryPaths.contains(resolved) { error(link.location, "hard link target is a directory: \(resolved) is listed in storage.directories") }
                for (key, given) in [("user", link.user), ("group", link.group)] where given != IgnitionOwner() {
                    warning(link.location, key, "user/group ignored for hard link: a hard link is the same file as its target")
                }
            }
        }

        mutating func nodePath(_ path: String, _ at: IgnitionLocation) {
            if let problem = IgnitionPath.problem(path) { error(at, "path", problem) }
        }

        mutating func mode(_ mode: Int?, _ at: IgnitionLocation) {
            guard let mode else { return }
            if mode < 0 || mode > 0o7777 {
                error(at, "mode", "illegal file mode \(mode): modes are written in decimal, 0 to 4095 (0o7777)")
            } else if mode & 0o7000 != 0 && minor < 6 {
                warning(at, "mode", "setuid/setgid/sticky bits are not supported or functional in spec versions older than 3.6.0")
            }
        }

        mutating func owner(_ owner: IgnitionOwner, _ at: IgnitionLocation, _ key: String) {
            if owner.id != nil, !(owner.name ?? "").isEmpty { error(at, key, "cannot set both id and name") }
        }

        // MARK: disks, filesystems, RAID, LUKS

        mutating func disks(_ config: IgnitionConfig) {
            var devices = Set<String>()
            for disk in config.disks {
                if disk.device.isEmpty { error(disk.location, "device", "disk device is required"); continue }
                if let problem = IgnitionPath.problem(disk.device) { error(disk.location, "device", problem) }
                if !devices.insert(disk.device).inserted { error(disk.location, "duplicate entry defined: \(disk.device) is listed already") }
                var numbers = Set<Int>(), labels = Set<String>(), keys = Set<String>()
                for (index, partition) in disk.partitions.enumerated() {
                    let at = partition.location
                    if partition.shouldExist == false,
                       partition.label != nil || !(partition.typeGuid ?? "").isEmpty || !(partition.guid ?? "").isEmpty
                        || partition.startMiB != nil || partition.sizeMiB != nil {
                        error(at, "shouldExist specified false with other options also specified")
                    }
                    if partition.number == 0 && partition.label == nil { error(at, "a partition number >= 1 or a label must be specified") }
                    if let label = partition.label {
                        if label.utf8.count > 36 { error(at, "label", "partition labels may not exceed 36 characters") }
                        if label.contains(":") { error(at, "label", "partition label will be truncated to text before the colon") }
                        if !labels.insert(label).inserted { error(at, "cannot use the same partition label twice") }
                    }
                    for (key, guid) in [("guid", partition.guid), ("typeGuid", partition.typeGuid)] {
                        if let guid, !IgnitionGUID.isValid(guid) { error(at, key, "doesn't match the form \"01234567-89AB-CDEF-EDCB-A98765432101\"") }
                    }
                    if partition.number != 0, !numbers.insert(partition.number).inserted { error(at, "partition numbers collide: number \(partition.number) is listed already") }
                    let key = partition.number != 0 ? "number:\(partition.number)" : partition.label.map { "label:\($0)" } ?? ""
                    if !keys.insert(key).inserted && partition.number == 0 { error(at, "duplicate entry defined") }
                    if overlaps(disk.partitions, index) { error(at, "partitions overlap") }
                }
            }
            var filesystems = Set<String>()
            let byDevice = Dictionary(config.disks.map { ($0.device, $0) }, uniquingKeysWith: { first, _ in first })
            for filesystem in config.filesystems {
                let at = filesystem.location
                if let path = filesystem.path, !path.isEmpty, let problem = IgnitionPath.problem(path) { error(at, "path", problem) }
                if let problem = IgnitionPath.problem(filesystem.device) { error(at, "device", problem) }
                if !filesystems.insert(filesystem.device).inserted { error(at, "duplicate entry defined: \(filesystem.device) is listed already") }
                let format = filesystem.format ?? ""
                if format.isEmpty {
                    if !(filesystem.path ?? "").isEmpty || !(filesystem.label ?? "").isEmpty || !(filesystem.uuid ?? "").isEmpty
                        || filesystem.wipeFilesystem == true || !filesystem.options.isEmpty || !filesystem.mountOptions.isEmpty {
                        error(at, "format", "format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified")
                    }
                } else if !["ext4", "btrfs", "xfs", "swap", "vfat", "none"].contains(format) {
                    error(at, "format", "invalid filesystem format \"\(format)\": ext4, btrfs, xfs, vfat, swap or none")
                }
                if let label = filesystem.label, !label.isEmpty {
                    let limits = ["ext4": 16, "btrfs": 256, "xfs": 12, "swap": 15, "vfat": 11]
                    if format.isEmpty {
                        error(at, "label", "filesystem must specify format if label is specified")
                    } else if let limit = limits[format], label.utf8.count > limit {
                        error(at, "label", "filesystem labels cannot be longer than \(limit) characters when using \(format)")
                    }
                }
                if let disk = byDevice[filesystem.device] {
                    if !disk.partitions.isEmpty {
                        warning(at, "device", "filesystem overwrites partitioned device")
                    } else if filesystem.wipeFilesystem != true && disk.wipeTable == true {
                        warning(at, "device", "device matches disk with wipeTable enabled; filesystem will be wiped")
                    }
                }
            }
        }

        mutating func raidAndLuks(_ config: IgnitionConfig) {
            var names = Set<String>()
            for array in config.raid {
                let at = array.location
                switch array.level ?? "" {
                case "":
                    error(at, "level", "raid level is required")
                case "linear", "raid0", "0", "stripe":
                    if (array.spares ?? 0) != 0 { error(at, "level", "spares unsupported for linear and raid0 arrays") }
                case "raid1", "1", "mirror", "raid4", "4", "raid5", "5", "raid6", "6", "raid10", "10":
                    break
                default:
                    error(at, "level", "unrecognized raid level \"\(array.level ?? "")\"")
                }
                if array.devices.isEmpty { error(at, "devices", "raid devices required") }
                if !names.insert(array.name).inserted { error(at, "duplicate entry defined: \(array.name) is listed already") }
            }
            names = []
            for volume in config.luks {
                let at = volume.location
                if volume.name.contains("/") { error(at, "name", "device names cannot contain slashes") }
                if let label = volume.label, label.utf8.count > 47 { error(at, "label", "luks device labels cannot be longer than 47 characters") }
                if let device = volume.device, !device.isEmpty {
                    if let problem = IgnitionPath.problem(device) { error(at, "device", problem) }
                } else {
                    error(at, "device", "disk device is required")
                }
                if !(volume.clevisCustomPin ?? "").isEmpty && volume.clevisOthers { error(at, "clevis", "cannot use custom clevis config with tpm2, tang, or threshold") }
                if let source = volume.keyFile.source, !source.isEmpty, IgnitionURL.problem(source) != nil { error(at, "keyFile", "invalid key-file source") }
                if !names.insert(volume.name).inserted { error(at, "duplicate entry defined: \(volume.name) is listed already") }
            }
        }

        /// Ignition's overlap test: partitions with a start and a size (0 start: placed by the tool).
        func overlaps(_ partitions: [IgnitionPartition], _ index: Int) -> Bool {
            func end(_ p: IgnitionPartition) -> Int { p.sizeMiB! == 0 ? p.startMiB! : p.startMiB! + p.sizeMiB! - 1 }
            let p = partitions[index]
            guard let start = p.startMiB, p.sizeMiB != nil, start != 0 else { return false }
            for (other, o) in partitions.enumerated() where other < index {
                guard let oStart = o.startMiB, o.sizeMiB != nil, oStart != 0 else { continue }
                if (start >= oStart && start <= end(o)) || (end(p) >= oStart && end(p) <= end(o)) || (start < oStart && end(p) > end(o)) { return true }
            }
            return false
        }

        // MARK: systemd

        mutating func units(_ config: IgnitionConfig) {
            var names = Set<String>()
            let byName = Dictionary(config.units.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for unit in config.units {
                let at = unit.location
                if !IgnitionUnitName.hasValidType(unit.name) {
                    error(at, "name", "invalid systemd unit extension: \"\(unit.name)\" must end in .service, .socket, .device, .mount, .automount, .swap, .target, .path, .timer, .snapshot, .slice or .scope")
                }
                if !names.insert(unit.name).inserted { error(at, "duplicate entry defined: \(unit.name) is listed already") }
                if let contents = unit.contents, let problem = IgnitionUnitName.contentsProblem(contents) { error(at, "contents", problem) }
                if unit.enabled == true, let contents = unit.contents, !contents.isEmpty, IgnitionUnitName.contentsProblem(contents) == nil,
                   !UnitFile(text: contents).hasInstallSection {
                    warning(at, "contents", "unit \"\(unit.name)\" is enabled, but has no install section so enable does nothing")
                }
                if unit.enabled == true, let template = IgnitionUnitName.template(of: unit.name), let parent = byName[template],
                   let contents = parent.contents, !contents.isEmpty, IgnitionUnitName.contentsProblem(contents) == nil,
                   !UnitFile(text: contents).hasInstallSection {
                    warning(at, "contents", "template unit \"\(template)\" for \"\(unit.name)\" doesn't have Install section")
                }
                var dropinNames = Set<String>()
                for dropin in unit.dropins {
                    if let contents = dropin.contents, let problem = IgnitionUnitName.contentsProblem(contents) { error(dropin.location, "contents", problem) }
                    if !dropin.name.hasSuffix(".conf") {
                        error(dropin.location, "name", "invalid systemd drop-in extension: \"\(dropin.name)\" must end in .conf")
                    }
                    if !dropinNames.insert(dropin.name).inserted { error(dropin.location, "duplicate entry defined: \(dropin.name) is listed already") }
                }
            }
        }

        // MARK: passwd, kernel arguments

        mutating func accounts(_ config: IgnitionConfig) {
            var users = Set<String>(), groups = Set<String>()
            for user in config.users {
                // Ignition 2.14 lets an empty name through (useradd then fails at boot): flamingo says so now.
                if user.name.isEmpty { error(user.location, "name", "a user needs a name") }
                if !users.insert(user.name).inserted { error(user.location, "duplicate entry defined: user \(user.name) is listed already") }
            }
            for group in config.groups {
                if group.name.isEmpty { error(group.location, "name", "a group needs a name") }
                if !groups.insert(group.name).inserted { error(group.location, "duplicate entry defined: group \(group.name) is listed already") }
            }
        }
    }
}

extension IgnitionLocation {
    func appending(_ key: String) -> IgnitionLocation { IgnitionLocation(path: path.appending(key), mark: mark) }
    func appending(_ index: Int) -> IgnitionLocation { IgnitionLocation(path: path.appending(index), mark: mark) }
}
