/// `write_files` (those without `defer: true`; the deferred ones go to the booted system with the
/// hand-off). Owners are resolved against the sysroot's accounts as users_groups leaves them, so a
/// file can belong to a user that user-data creates.
public enum WriteFiles: Module {
    public static let name = "write_files"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("write_files", Settings.self) { s, r, n, p in s.writeFiles = CloudConfigDecoder.decodeWriteFiles(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var writeFiles: [WriteFileSpec] = []

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let accounts = try context.accounts()
        for file in context.config[Settings.self].writeFiles where !file.deferred {
            guard let owner = resolveOwner(file.owner, accounts) else {
                plan.diagnostics.append(Diagnostic(.error, file: file.file, mark: file.mark, keyPath: file.keyPath.appending("owner"),
                                                   "owner \"\(file.owner)\" names no user or group of the sysroot; \(file.path) not written"))
                continue
            }
            var contents = file.content
            if file.append {
                // An entry whose old file cannot be read fails alone; the others are still written.
                do {
                    if let existing = try context.sysroot.readForMerge(file.path, into: owner) { contents = existing + contents }
                } catch {
                    plan.diagnostics.append(Diagnostic(.error, file: file.file, mark: file.mark, keyPath: file.keyPath.appending("append"),
                                                       "\(file.path) not appended to: \(error)"))
                    continue
                }
            }
            // New parents: 0755 root:root, as cloud-init's ensure_dir makes them.
            plan.actions.append(.writeFile(FileWrite(path: file.path, contents: contents, mode: file.permissions, owner: owner, isSecret: true)))
        }
        return plan
    }

    /// `user:group` (names or numbers). A missing part is root, as in cloud-init, which changes
    /// only what is named on a file it created as root: `owner: alice` means alice:root.
    static func resolveOwner(_ text: String, _ accounts: AccountDatabase) -> Owner? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let userName = parts.first ?? "root"
        let groupName = parts.count > 1 ? parts[1] : "root"
        guard let uid = accounts.user(userName)?.uid ?? UInt32(userName),
              let gid = accounts.groupID(groupName) ?? UInt32(groupName) else { return nil }
        return Owner(uid: uid, gid: gid)
    }
}
