/// Ignition's `storage.files`, `storage.directories` and `storage.links`, with Ignition's rules
/// for what is already there: a file that exists is an error unless `overwrite` (or the same
/// contents are there already: a re-run), a file without contents keeps its bytes and gets the
/// fragments appended, a mode or owner not given is the existing one's, a link already pointing
/// at its target is left alone. Directories first, then files, then symbolic links, each kind in
/// order of depth; hard links last (their targets may be files written here). Owners by name are
/// the sysroot's users, those users_groups creates included. The data is read before planning
/// (`IgnitionInput`): planning reads nothing but the sysroot.
public enum StorageFiles: Module {
    public static let name = "storage_files"
    public static let frequency = Frequency.perInstance
    /// Read from Ignition configs only (`IgnitionInput`): cloud-config has `write_files`.
    public static let configKeys: [ConfigKey] = []

    public struct Settings: ModuleSettings {
        public var nodes: [StorageNode] = []
        /// The config they came from, for messages.
        public var file = ""
        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let settings = context.config[Settings.self]
        guard !settings.nodes.isEmpty else { return plan }
        let accounts = try context.accounts()
        let sysroot = context.sysroot
        var planned = Set<String>()
        for node in settings.nodes {
            func refuse(_ message: String) {
                plan.diagnostics.append(Diagnostic(.error, file: settings.file, mark: node.location.mark, keyPath: node.location.path, "\(node.path): \(message)"))
            }
            let status = try sysroot.status(node.path)
            guard let uid = id(node.user, existing: status?.uid, lookup: { accounts.user($0)?.uid }),
                  let gid = id(node.group, existing: status?.gid, lookup: { accounts.groupID($0) }) else {
                refuse("owner \(describe(node.user, node.group)) names no user or group of the sysroot; not written")
                continue
            }
            let owner = Owner(uid: uid, gid: gid)
            if status?.isDirectory == true, node.overwrite {
                refuse("a directory is there and overwrite is true: flamingo never deletes a directory tree (docs/ignition.md)")
                continue
            }
            switch node.kind {
            case .directory:
                if let status, !status.isDirectory {
                    guard node.overwrite else { refuse("a non-directory already exists and overwrite is false"); continue }
                    plan.actions.append(.remove(path: node.path))
                }
                let existingMode = status.flatMap { $0.isDirectory ? FileMode($0.mode & 0o7777) : nil }
                plan.actions.append(.makeDirectory(path: node.path, mode: node.mode.map { FileMode(UInt32($0)) } ?? existingMode ?? FileMode(0o755), owner: owner))
            case .file(let contents, let appends):
                var base: [UInt8] = []
                var keepsExisting = false
                if let status {
                    if !status.isRegularFile && !node.overwrite {
                        refuse("a non regular file exists there already and overwrite is false"); continue
                    }
                    if status.isRegularFile && !node.overwrite {
                        let existing = try sysroot.read(node.path) ?? []
                        if let contents {
                            // Ignition refuses; the same bytes already there are a re-run's, not a conflict.
                            guard existing == contents + appends.joined() else { refuse("a file exists there already and overwrite is false"); continue }
                            base = contents
                        } else {
                            base = existing
                        }
                        keepsExisting = true
                    }
                }
                if !keepsExisting { base = contents ?? [] }
                let existingMode = keepsExisting ? status.map { FileMode($0.mode & 0o7777) } : nil
                let fileOwner = keepsExisting || node.user != IgnitionOwner() || node.group != IgnitionOwner() ? owner : .root
                plan.actions.append(.writeFile(FileWrite(path: node.path, contents: base + appends.joined(),
                                                         mode: node.mode.map { FileMode(UInt32($0)) } ?? existingMode ?? FileMode(0o644),
                                                         owner: fileOwner, isSecret: true)))
            case .symlink(let target):
                if let status {
                    if status.isSymlink, IgnitionPath.clean(try sysroot.readLink(node.path) ?? "") == IgnitionPath.clean(target) { continue }
                    guard node.overwrite else { refuse("a different file or link exists there already and overwrite is false"); continue }
                }
                let linkOwner = node.user != IgnitionOwner() || node.group != IgnitionOwner() ? owner : .root
                plan.actions.append(.symlink(path: node.path, target: target, owner: linkOwner))
            case .hardLink(let target):
                // Ignition resolves a relative hard-link target from the root.
                let resolved = IgnitionPath.clean("/" + target)
                let targetStatus = try sysroot.status(resolved)
                if targetStatus == nil && !planned.contains(resolved) { refuse("the hard link's target \(resolved) does not exist"); continue }
                if targetStatus?.isDirectory == true { refuse("a hard link cannot name a directory (\(resolved))"); continue }
                if let status {
                    if let targetStatus, status.device == targetStatus.device && status.inode == targetStatus.inode { continue }
                    guard node.overwrite else { refuse("a different file exists there already and overwrite is false"); continue }
                }
                plan.actions.append(.hardLink(path: node.path, target: resolved))
            }
            planned.insert(node.path)
        }
        // As Ignition, which stops at the first conflict: one entry that cannot be applied and
        // none of them is (docs/ignition.md).
        if plan.diagnostics.contains(where: { $0.severity == .error }) && !plan.actions.isEmpty {
            plan.notes.append("nothing of storage.files, directories and links applied: \(plan.actions.count) planned change\(plan.actions.count == 1 ? "" : "s") left out")
            plan.actions = []
        }
        return plan
    }

    /// An owner's ID: given, looked up by name, else the existing file's, else root; nil when a
    /// name is unknown.
    static func id(_ owner: IgnitionOwner, existing: UInt32?, lookup: (String) -> UInt32?) -> UInt32? {
        if let id = owner.id { return UInt32(exactly: id) }
        if let name = owner.name, !name.isEmpty { return lookup(name) }
        return existing ?? 0
    }

    static func describe(_ user: IgnitionOwner, _ group: IgnitionOwner) -> String {
        func one(_ owner: IgnitionOwner) -> String { owner.name ?? owner.id.map(String.init) ?? "-" }
        return "\(one(user)):\(one(group))"
    }
}

/// One of Ignition's files, directories or links, its data already read.
public struct StorageNode: Sendable {
    public enum Kind: Sendable {
        case directory
        /// nil contents: none given (an existing file keeps its own).
        case file(contents: [UInt8]?, appends: [[UInt8]])
        case symlink(target: String)
        case hardLink(target: String)
    }

    public var kind: Kind
    public var path: String
    public var overwrite: Bool
    public var mode: Int?
    public var user: IgnitionOwner
    public var group: IgnitionOwner
    public var location: IgnitionLocation

    public init(kind: Kind, path: String, overwrite: Bool, mode: Int?, user: IgnitionOwner, group: IgnitionOwner, location: IgnitionLocation) {
        self.kind = kind
        self.path = path
        self.overwrite = overwrite
        self.mode = mode
        self.user = user
        self.group = group
        self.location = location
    }
}
