/// An Ignition config as the modules' settings: `passwd` for users_groups (Ignition's users:
/// fields applied to existing ones too, removal with `shouldExist: false`), `storage.files`,
/// `directories` and `links` for storage_files (their data read now, so planning reads nothing
/// else), `systemd.units` for systemd, `storage.disks` and `filesystems` for storage_disks. The same modules, account database and writer as
/// cloud-config's; nothing of Ignition's is applied a second way. What flamingo does not do
/// (`storage.raid`, `luks`, `kernelArguments`, TLS certificate authorities, files on a filesystem
/// the config makes) refuses the config with the key named: never a silent omission.
public enum IgnitionInput {
    /// The settings; throws `IgnitionRefusal` with every problem when any part cannot be applied.
    public static func cloudConfig(_ config: IgnitionConfig, fetcher: IgnitionFetcher) throws -> (config: CloudConfig, warnings: [Diagnostic]) {
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        func refuse(_ at: IgnitionLocation, _ message: String) {
            problems.append(Diagnostic(.error, file: config.file, mark: at.mark, keyPath: at.path, message))
        }
        for (key, entries) in [("storage.raid", config.raid.map(\.location)), ("storage.luks", config.luks.map(\.location))] {
            if let first = entries.first { refuse(first, "\(key) is not supported by flamingo yet: the config is refused (docs/ignition.md)") }
        }
        if let kernelArguments = config.kernelArguments {
            refuse(kernelArguments, "kernelArguments is not supported by flamingo: the kernel command line belongs to the boot loader, which the initramfs does not change (docs/ignition.md)")
        }
        if let first = config.certificateAuthorities.first {
            refuse(first.location, "ignition.security.tls: certificate authorities are for https, which flamingo cannot fetch (no TLS library yet)")
        }
        if let proxy = config.proxy {
            warnings.append(Diagnostic(.warning, file: config.file, mark: proxy.mark, keyPath: proxy.path,
                                       "not used: flamingo fetches http: sources only from the link-local metadata network, never through a proxy"))
        }

        // Ignition mounts these while it writes files; flamingo writes before they are mounted.
        let mounted = config.filesystems.compactMap { filesystem in filesystem.path.flatMap { $0.isEmpty || $0 == "/" ? nil : $0 } }
        let written = config.files.map { ($0.path, $0.location) } + config.directories.map { ($0.path, $0.location) }
            + config.links.map { ($0.path, $0.location) }
        for (path, location) in written {
            if let mount = mounted.first(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                refuse(location, "\(path) is on the filesystem storage.filesystems mounts at \(mount): flamingo does not write into filesystems it makes (docs/ignition.md)")
            }
        }

        var cloudConfig = CloudConfig()
        var disks = StorageDisks.Settings()
        disks.disks = config.disks
        disks.filesystems = config.filesystems
        disks.file = config.file
        cloudConfig[StorageDisks.Settings.self] = disks
        var accounts = UsersGroups.Settings()
        accounts.users = [.defaultUser] + config.users.map { .user(userSpec($0, file: config.file)) }
        accounts.groups = config.groups.map { group in
            var spec = GroupSpec(name: group.name)
            spec.gid = group.gid.flatMap { UInt32(exactly: $0) }
            spec.passwordHash = group.passwordHash ?? ""  // none: `*`, as Ignition's groupadd --password`
            spec.system = group.system ?? false
            spec.shouldExist = group.shouldExist ?? true
            spec.location = (config.file, group.location.mark, group.location.path)
            return spec
        }
        cloudConfig[UsersGroups.Settings.self] = accounts

        var storage = StorageFiles.Settings()
        storage.file = config.file
        func load(_ resource: IgnitionResource) -> [UInt8]? {
            do { return try fetcher.load(resource) } catch {
                refuse(resource.location.appending("source"), "\(error)")
                return nil
            }
        }
        var nodes: [StorageNode] = []
        for directory in config.directories {
            nodes.append(StorageNode(kind: .directory, path: directory.path, overwrite: directory.overwrite ?? false, mode: directory.mode,
                                     user: directory.user, group: directory.group, location: directory.location))
        }
        for file in config.files {
            let contents = file.contents.flatMap(load)
            let appends = file.append.compactMap(load)
            // No source and no file there: Ignition makes it empty (`create` below decides).
            nodes.append(StorageNode(kind: .file(contents: contents, appends: appends), path: file.path, overwrite: file.overwrite ?? false,
                                     mode: file.mode, user: file.user, group: file.group, location: file.location))
        }
        var hardLinks: [StorageNode] = []
        for link in config.links {
            let node = StorageNode(kind: link.hard == true ? .hardLink(target: link.target ?? "") : .symlink(target: link.target ?? ""),
                                   path: link.path, overwrite: link.overwrite ?? false, mode: nil, user: link.user, group: link.group,
                                   location: link.location)
            if link.hard == true { hardLinks.append(node) } else { nodes.append(node) }
        }
        // Ignition's order: by depth (a stable sort here), hard links last in config order.
        storage.nodes = nodes.enumerated().sorted { a, b in
            let (x, y) = (depth(a.element.path), depth(b.element.path))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element) + hardLinks
        cloudConfig[StorageFiles.Settings.self] = storage

        var units = SystemdUnits.Settings()
        // Names were checked with the config (IgnitionRules): every one parses.
        units.systemdUnits = config.units.enumerated().compactMap { index, unit in
            guard let name = UnitName(unit.name) else { return nil }
            var spec = UnitSpec(name: name, index: index)
            spec.contents = (unit.contents ?? "").isEmpty ? nil : unit.contents
            spec.enabled = unit.enabled
            spec.mask = unit.mask
            spec.dropins = unit.dropins.compactMap { dropin in dropin.contents.map { (dropin.name, $0) } }
            return spec
        }
        cloudConfig[SystemdUnits.Settings.self] = units

        if !problems.isEmpty { throw IgnitionRefusal(diagnostics: problems) }
        return (cloudConfig, warnings)
    }

    static func depth(_ path: String) -> Int { path.split(separator: "/").count }

    static func userSpec(_ user: IgnitionUser, file: String) -> UserSpec {
        var spec = UserSpec(name: user.name, file: file, mark: user.location.mark, keyPath: user.location.path)
        spec.changesExisting = true
        spec.shouldExist = user.shouldExist ?? true
        spec.gecos = user.gecos
        spec.homedir = user.homeDir
        spec.shell = user.shell
        spec.uid = user.uid.flatMap { UInt32(exactly: $0) }
        spec.primaryGroup = user.primaryGroup
        spec.groups = user.groups
        spec.system = user.system ?? false
        spec.noCreateHome = user.noCreateHome ?? false
        spec.noUserGroup = user.noUserGroup ?? false
        // Ignition: an empty hash is `*` (no password login); none leaves an existing user's, and a
        // new user gets `*` (users_groups); a given hash is never locked.
        spec.passwd = user.passwordHash.map { $0.isEmpty ? "*" : $0 }
        spec.lockPassword = false
        spec.createGroups = false
        spec.sshAuthorizedKeys = user.sshAuthorizedKeys
        return spec
    }
}
