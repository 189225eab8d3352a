/// `users_groups`: `groups`, then `users` (the distribution's default user unless `users` says
/// otherwise), written straight into /etc/passwd, /etc/shadow, /etc/group and /etc/gshadow as
/// shadow-utils would, with homes from /etc/skel, keys, and sudo rules in a drop-in.
///
/// A user that already exists gets only what cloud-init applies to existing users — passwords,
/// the lock, sudo rules, keys; its other keys are ignored and listed in the notes.
public enum UsersGroups: Module {
    public static let name = "users_groups"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("users", Settings.self) { s, r, n, p in s.users = CloudConfigDecoder.decodeUsers(&r, n, p) },
        ConfigKey("user", Settings.self) { s, r, n, p in s.defaultUserOverride = CloudConfigDecoder.decodeDefaultUserOverride(&r, n, p) },
        ConfigKey("groups", Settings.self) { s, r, n, p in s.groups = CloudConfigDecoder.decodeGroups(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// nil when the key is absent, which means `[default]`.
        public var users: [UserEntry]?
        /// `user:`: the distribution's default user with these keys changed (always created).
        public var defaultUserOverride: DefaultUserOverride?
        public var groups: [GroupSpec] = []

        public init() {}
    }
    public static let sudoersFile = "/etc/sudoers.d/90-flamingo-users"

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        var accounts = try context.accounts()
        plan.diagnostics += context.defaultUserSetting.diagnostics

        // Members that exist are added now, as cloud-init adds them; the others after the users
        // (below), so that one this user-data creates is a member on the first run already.
        var laterMembers: [(group: String, member: String)] = []
        for spec in context.config[Settings.self].groups {
            do {
                if !spec.shouldExist {
                    if accounts.groupID(spec.name) != nil {
                        try accounts.removeGroup(spec.name)
                        plan.notes.append("group \(spec.name): removed")
                    }
                    continue
                }
                if let existing = accounts.groupID(spec.name) {
                    if let gid = spec.gid, gid != existing { throw AccountError("exists already with GID \(existing), not \(gid)") }
                } else {
                    try accounts.addGroup(spec.name, gid: spec.gid, system: spec.system)
                    if let hash = spec.passwordHash { accounts.setGroupPassword(spec.name, hash: hash.isEmpty ? "*" : hash) }
                    plan.notes.append("group \(spec.name): created")
                }
            } catch {
                let at = spec.location
                plan.diagnostics.append(Diagnostic(.error, file: at?.file ?? "", mark: at?.mark, keyPath: at?.keyPath ?? KeyPath(), "group \(spec.name): \(error)"))
                continue
            }
            for member in spec.members {
                if accounts.user(member) != nil { accounts.addMember(member, to: spec.name) } else { laterMembers.append((spec.name, member)) }
            }
        }

        var sudoRules: [(String, [String])] = []
        var doasRules: [(String, [String])] = []
        var keyActions: [Action] = []
        var entries = context.config[Settings.self].users ?? [.defaultUser]
        // `user:` always creates the default user, after the others (cloud-init appends it).
        if context.config[Settings.self].defaultUserOverride != nil, !entries.contains(where: { if case .defaultUser = $0 { return true } else { return false } }) {
            entries.append(.defaultUser)
        }
        for entry in entries {
            let user: UserSpec
            switch entry {
            case .defaultUser:
                guard let defaultUser = context.defaultUser else { continue }
                user = defaultUser
            case .user(let spec):
                user = spec
            }
            do {
                var homePlanned = false
                if !user.shouldExist {
                    if accounts.user(user.name) != nil {
                        try accounts.removeUser(user.name)
                        plan.notes.append("user \(user.name): removed (her files stay)")
                    }
                    continue
                }
                if accounts.user(user.name) != nil, user.changesExisting {
                    try modifyExisting(user, &accounts, &plan)
                } else if accounts.user(user.name) != nil {
                    try updateExisting(user, &accounts, &plan)
                } else {
                    let created = try create(user, &accounts, context, &plan)
                    homePlanned = created.contains { if case .makeDirectory = $0 { return true } else { return false } }
                    plan.actions += created
                }
                guard let entry = accounts.user(user.name) else { continue }
                if let rules = user.sudo, !rules.isEmpty { sudoRules.append((user.name, rules)) }
                if let rules = user.doas, !rules.isEmpty { doasRules.append((user.name, rules)) }
                // ssh_redirect_user: the metadata's keys, each answering "log in as the default user".
                let metadataKeys = context.instance.metadataKeys(defaultUser: context.defaultUser?.name)
                if user.sshRedirectUser, !metadataKeys.isEmpty {
                    let options = SSH.substitute(CloudConfig.defaultDisableRootOpts, user: context.defaultUser?.name ?? "NONE",
                                                 disabled: user.name)
                    keyActions += try AuthorizedKeysFile.actions(for: entry, adding: metadataKeys, options: options,
                                                                 sysroot: context.sysroot, homePlanned: homePlanned)
                }
                if !user.sshAuthorizedKeys.isEmpty {
                    keyActions += try AuthorizedKeysFile.actions(for: entry, adding: user.sshAuthorizedKeys, options: nil,
                                                                 sysroot: context.sysroot, homePlanned: homePlanned)
                }
            } catch {
                plan.diagnostics.append(Diagnostic(.error, file: user.file, mark: user.mark, keyPath: user.keyPath, "user \(user.name): \(error)"))
            }
        }
        // cloud-init skips a member that does not exist yet, so its result depends on how often
        // the run happened; here the members the users above created join now.
        for (group, member) in laterMembers {
            if accounts.user(member) != nil {
                accounts.addMember(member, to: group)
            } else {
                plan.notes.append("group \(group): member \(member) does not exist; not added")
            }
        }
        context.update(accounts)
        // Account files first: homes and keys below need the users to exist for their owners.
        plan.actions = accountActions(try accounts.writes(context.sysroot)) + plan.actions + keyActions
        if !sudoRules.isEmpty { plan.actions += try sudoActions(sudoRules, context.sysroot) }
        if !doasRules.isEmpty { plan.actions += try DoasConfig.actions(doasRules, context.sysroot) }
        return plan
    }

    /// What cloud-init applies to a user that exists already.
    static func updateExisting(_ user: UserSpec, _ accounts: inout AccountDatabase, _ plan: inout ModulePlan) throws {
        let ignored = user.creationOnlyKeys
        if !ignored.isEmpty {
            plan.notes.append("user \(user.name) exists: \(ignored.joined(separator: ", ")) ignored (cloud-init applies them only when it creates a user)")
        }
        try applyPasswords(user, &accounts)
    }

    /// What Ignition applies to a user that exists already (`usermod`): the fields it gives.
    static func modifyExisting(_ user: UserSpec, _ accounts: inout AccountDatabase, _ plan: inout ModulePlan) throws {
        var gid: UInt32?
        if let primary = user.primaryGroup {
            guard let found = accounts.groupID(primary) ?? UInt32(primary) else { throw AccountError("primary group \(primary) does not exist") }
            gid = found
        }
        try accounts.modifyUser(user.name, uid: user.uid, gid: gid, gecos: user.gecos, home: user.homedir, shell: user.shell)
        if !user.groups.isEmpty {
            for group in user.groups where accounts.groupID(group) == nil { throw AccountError("group \(group) does not exist") }
            accounts.setSupplementaryGroups(user.name, user.groups)
        }
        if let hash = user.passwd { try accounts.setPassword(user.name, hash: hash) }
        plan.notes.append("user \(user.name): exists; the fields given applied to her")
    }

    static func applyPasswords(_ user: UserSpec, _ accounts: inout AccountDatabase) throws {
        if let plain = user.plainTextPassword, !plain.isEmpty {
            try accounts.setPassword(user.name, hash: try PasswordHasher.hash(plain, keeping: accounts.passwordField(user.name)))
        }
        if let hash = user.hashedPassword, !hash.isEmpty {
            try accounts.setPassword(user.name, hash: hash)
        }
        if user.lockPassword { try accounts.lockPassword(user.name) }
    }

    static func create(_ user: UserSpec, _ accounts: inout AccountDatabase, _ context: PlanContext, _ plan: inout ModulePlan) throws -> [Action] {
        let defs = accounts.defs
        let uid = try user.uid ?? accounts.nextUID(system: user.system, preferredFor: user.name)
        if accounts.userName(uid) != nil { throw AccountError("UID \(uid) is already in use") }
        let gid: UInt32
        if let primary = user.primaryGroup, primary != user.name || accounts.groupID(primary) != nil {
            if let existing = accounts.groupID(primary) ?? UInt32(primary).flatMap({ accounts.groupName($0) != nil ? $0 : nil }) {
                gid = existing
            } else if user.createGroups, UserName.isValid(primary) {
                // useradd -g would refuse; cloud-init's documentation promises the group: create it.
                gid = try accounts.addGroup(primary, system: user.system)
                plan.notes.append("group \(primary): created as the primary group of \(user.name)")
            } else {
                throw AccountError("primary group \(primary) does not exist")
            }
        } else if user.primaryGroup == nil && (user.noUserGroup || !defs.userGroups) {
            gid = defs.defaultGroup
        } else {
            if let existing = accounts.groupID(user.name) {
                // An empty group of her name that is nobody's primary group is the one a run
                // killed between the account files' renames made (group is renamed before
                // passwd): hers. Any other is refused, as useradd refuses it.
                guard accounts.members(user.name).isEmpty, !accounts.isPrimaryGroup(existing) else {
                    throw AccountError("a group named \(user.name) exists already (useradd refuses too); give primary_group or no_user_group")
                }
                plan.notes.append("group \(user.name): exists, empty and nobody's primary group: taken as \(user.name)'s own")
            }
            gid = try accounts.addGroup(user.name, system: user.system, preferred: uid)
        }
        for group in user.groups where accounts.groupID(group) == nil {
            guard user.createGroups else { throw AccountError("group \(group) does not exist and create_groups is false") }
            try accounts.addGroup(group, system: false)
            plan.notes.append("group \(group): created for user \(user.name)")
        }
        let home = user.homedir ?? "\(defs.homeBase)/\(user.name)"
        let entry = PasswdEntry(name: user.name, uid: uid, gid: gid, gecos: user.gecos ?? "", home: home, shell: user.shell ?? defs.shell)
        accounts.addUser(entry, passwordHash: user.passwd ?? (user.changesExisting ? "*" : "!"), system: user.system, expireDays: user.expireDays, inactiveDays: user.inactiveDays)
        for group in user.groups { accounts.addMember(user.name, to: group) }
        try applyPasswords(user, &accounts)
        plan.notes.append("user \(user.name): created (uid \(uid), gid \(gid), home \(home))")
        var actions: [Action] = []
        if !user.system && !user.noCreateHome {
            actions += try HomeDirectory.actions(home: home, owner: Owner(uid: uid, gid: gid), defs: defs, sysroot: context.sysroot)
        }
        // useradd's mailbox (CREATE_MAIL_SPOOL=yes, ordinary users): 0660 to the mail group, else
        // 0600; like useradd, only where the mail directory exists.
        if defs.createMailSpool && !user.system, try context.sysroot.statusFollowing(defs.mailDirectory)?.isDirectory == true {
            let spool = "\(defs.mailDirectory)/\(user.name)"
            if try context.sysroot.status(spool) == nil {
                let mail = accounts.groupID("mail")
                actions.append(.writeFile(FileWrite(path: spool, contents: [], mode: FileMode(mail == nil ? 0o600 : 0o660),
                                                    owner: Owner(uid: uid, gid: mail ?? gid))))
            }
        }
        return actions
    }

    /// One drop-in for every user's rules, 0440 as sudo requires; /etc/sudoers gets an
    /// `#includedir /etc/sudoers.d` line if it has none (as cloud-init adds it).
    static func sudoActions(_ rules: [(String, [String])], _ sysroot: SysrootView) throws -> [Action] {
        var text = "# Written by flamingo from cloud-config (users[].sudo); replaced on every run.\n"
        for (user, userRules) in rules {
            text += "\n# User rules for \(user)\n" + userRules.map { "\(user) \($0)\n" }.joined()
        }
        var actions: [Action] = [.writeFile(FileWrite(path: sudoersFile, text: text, mode: FileMode(0o440), owner: .root))]
        if let sudoers = try sysroot.readText("/etc/sudoers") {
            let includes = sudoers.split(whereSeparator: \.isNewline).contains { line in
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return words.count == 2 && (words[0] == "#includedir" || words[0] == "@includedir") && words[1] == "/etc/sudoers.d"
            }
            if !includes, let status = try sysroot.status("/etc/sudoers") {
                let added = (sudoers.hasSuffix("\n") || sudoers.isEmpty ? "" : "\n") + "\n# Added by flamingo\n#includedir /etc/sudoers.d\n"
                actions.append(.writeFile(FileWrite(path: "/etc/sudoers", text: sudoers + added, mode: FileMode(status.mode),
                                                    owner: Owner(uid: status.uid, gid: status.gid))))
            }
        }
        return actions
    }
}
