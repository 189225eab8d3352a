/// The sysroot's users and groups, read from its own files (never through this process's NSS),
/// and changed in memory while modules plan; `writes()` turns the changes into file writes.
///
/// Lookups see /etc/passwd and /etc/group first, then the image's read-only /usr/lib/passwd and
/// /usr/lib/group (nss-altfiles, as on Atomic Host and Fedora CoreOS). A group that only exists in
/// /usr/lib/group is copied into /etc/group before a member is added, as rpm-ostree does.
public struct AccountDatabase: Sendable {
    public var passwd: AccountFile
    public var shadow: AccountFile
    public var group: AccountFile
    public var gshadow: AccountFile
    let altPasswd: AccountFile
    let altGroup: AccountFile
    public let defs: LoginDefs
    public let sysusers: Sysusers
    /// Today in days since the epoch, for "last changed" fields.
    public var today = CivilDate.today()
    /// Each group's members once `addMember` has read them (group, gshadow).
    private var groupMembers: [String: Set<String>] = [:]
    private var gshadowMembers: [String: Set<String>] = [:]

    public static let altPasswdPath = "/usr/lib/passwd"
    public static let altGroupPath = "/usr/lib/group"

    public init(_ sysroot: SysrootView) throws {
        passwd = AccountFile(path: "/etc/passwd", text: try sysroot.readText("/etc/passwd"))
        shadow = AccountFile(path: "/etc/shadow", text: try sysroot.readText("/etc/shadow"))
        group = AccountFile(path: "/etc/group", text: try sysroot.readText("/etc/group"))
        gshadow = AccountFile(path: "/etc/gshadow", text: try sysroot.readText("/etc/gshadow"))
        altPasswd = AccountFile(path: Self.altPasswdPath, text: try sysroot.readText(Self.altPasswdPath))
        altGroup = AccountFile(path: Self.altGroupPath, text: try sysroot.readText(Self.altGroupPath))
        defs = try LoginDefs.read(sysroot)
        sysusers = Sysusers(sysroot)
        // A corrupt account file is reported and left exactly as it is: no user is added to it.
        var problems: [String] = []
        for (file, fields) in [(passwd, 7), (shadow, 9), (group, 4), (gshadow, 4)] {
            problems += file.problems(fields: fields).map { "\(file.path) \($0)" }
        }
        if !problems.isEmpty {
            throw AccountError("the account files are damaged, not edited: " + problems.prefix(5).joined(separator: "; "))
        }
    }

    // MARK: Lookups

    public func user(_ name: String) -> PasswdEntry? {
        guard let fields = passwd.fields(name) ?? altPasswd.fields(name), fields.count == 7,
              let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
        return PasswdEntry(name: name, uid: uid, gid: gid, gecos: fields[4], home: fields[5], shell: fields[6])
    }

    public func groupID(_ name: String) -> UInt32? {
        (group.field(name, 2) ?? altGroup.field(name, 2)).flatMap { UInt32($0) }
    }

    public func groupName(_ gid: UInt32) -> String? {
        guard usedGIDs.contains(gid) else { return nil }
        return (group.entries + altGroup.entries).first { $0.count >= 3 && UInt32($0[2]) == gid }?[0]
    }

    public func userName(_ uid: UInt32) -> String? {
        guard usedUIDs.contains(uid) else { return nil }
        return (passwd.entries + altPasswd.entries).first { $0.count >= 3 && UInt32($0[2]) == uid }?[0]
    }

    /// Whether some user has `gid` as her primary group.
    public func isPrimaryGroup(_ gid: UInt32) -> Bool {
        (passwd.entries + altPasswd.entries).contains { $0.count > 3 && UInt32($0[3]) == gid }
    }

    public func members(_ groupName: String) -> [String] {
        guard let fields = group.fields(groupName) ?? altGroup.fields(groupName), fields.count >= 4 else { return [] }
        return fields[3].split(separator: ",").map(String.init)
    }

    var usedUIDs: UsedIDs { UsedIDs(passwd.idCounts, altPasswd.idCounts) }
    var usedGIDs: UsedIDs { UsedIDs(group.idCounts, altGroup.idCounts) }

    // MARK: Changes

    /// Creates a group (with its gshadow line), using the ID sysusers.d declares for it, else
    /// `preferred` when free, else the next one shadow-utils would pick. Returns its GID.
    @discardableResult
    public mutating func addGroup(_ name: String, gid requested: UInt32? = nil, system: Bool, preferred: UInt32? = nil) throws -> UInt32 {
        if let existing = groupID(name) {
            // A group whose gshadow line a crash kept from disk (group is renamed first) gets it now.
            if gshadow.existed, group.field(name, 0) != nil, gshadow.field(name, 0) == nil {
                gshadow.set(name, [name, "!", "", group.field(name, 3) ?? ""])
            }
            return existing
        }
        let gid: UInt32
        if let requested {
            guard !usedGIDs.contains(requested) else { throw AccountError("GID \(requested) for group \(name) is already in use") }
            gid = requested
        } else if let declared = sysusers.groups[name], !usedGIDs.contains(declared) {
            gid = declared
        } else if let preferred, !usedGIDs.contains(preferred), try defs.idRange(gid: true, system: system).contains(preferred) {
            gid = preferred
        } else {
            gid = try IDAllocator.next(used: usedGIDs, system: system,
                                       range: try defs.idRange(gid: true, system: system), what: "GID")
        }
        group.set(name, [name, "x", String(gid), ""])
        if gshadow.existed { gshadow.set(name, [name, "!", "", ""]) }
        return gid
    }

    /// Adds `user` to the supplementary group `groupName` (copying an altfiles group into /etc/group first).
    /// Constant time per member: the group's members are read into a set once, and a new one is
    /// appended to the end of its line (splitting and joining a line of thousands of members for
    /// each took 33 s for 8,000 users).
    public mutating func addMember(_ user: String, to groupName: String) {
        if group.field(groupName, 0) == nil, let fields = altGroup.fields(groupName) {
            group.set(groupName, fields)
            if gshadow.existed && gshadow.fields(groupName) == nil { gshadow.set(groupName, [groupName, "!", "", fields.count > 3 ? fields[3] : ""]) }
        }
        guard group.appendMember(user, to: groupName, known: &groupMembers) else { return }
        _ = gshadow.appendMember(user, to: groupName, known: &gshadowMembers)
    }

    /// Sets the member list of every group in /etc/group (and gshadow): `user` is in `groups`
    /// and no other, as `usermod --groups` without `--append` leaves her.
    public mutating func setSupplementaryGroups(_ user: String, _ groups: [String]) {
        for entry in group.entries where entry.count == 4 {
            let members = entry[3].split(separator: ",").map(String.init)
            let wanted = groups.contains(entry[0])
            guard members.contains(user) != wanted else { continue }
            let updated = wanted ? members + [user] : members.filter { $0 != user }
            group.set(entry[0], Array(entry[0..<3]) + [updated.joined(separator: ",")])
            if var shadowEntry = gshadow.fields(entry[0]), shadowEntry.count == 4 {
                let shadowMembers = shadowEntry[3].split(separator: ",").map(String.init).filter { $0 != user }
                shadowEntry[3] = (wanted ? shadowMembers + [user] : shadowMembers).joined(separator: ",")
                gshadow.set(entry[0], shadowEntry)
            }
        }
        groupMembers = [:]
        gshadowMembers = [:]
        for name in groups where group.field(name, 0) == nil && altGroup.fields(name) != nil { addMember(user, to: name) }
    }

    /// Changes an existing user's passwd fields (what `usermod` changes; nil: left as it is).
    public mutating func modifyUser(_ name: String, uid: UInt32? = nil, gid: UInt32? = nil, gecos: String? = nil, home: String? = nil, shell: String? = nil) throws {
        guard let entry = user(name) else { throw AccountError("no user \(name)") }
        if let uid, uid != entry.uid, let holder = userName(uid) { throw AccountError("UID \(uid) is already \(holder)'s") }
        passwd.set(name, [name, passwd.field(name, 1) ?? "x", String(uid ?? entry.uid), String(gid ?? entry.gid),
                          gecos ?? entry.gecos, home ?? entry.home, shell ?? entry.shell])
    }

    /// Removes a user: her passwd and shadow lines and her memberships (`userdel`, without
    /// removing her files: flamingo never deletes a home directory).
    public mutating func removeUser(_ name: String) throws {
        guard passwd.fields(name) != nil else {
            if altPasswd.fields(name) != nil { throw AccountError("user \(name) is part of the image (\(Self.altPasswdPath)): it cannot be removed") }
            return
        }
        let primary = user(name)?.gid
        passwd.remove(name)
        shadow.remove(name)
        setSupplementaryGroups(name, [])
        // USERGROUPS_ENAB: her own group goes with her when nobody else uses it (as userdel does).
        if defs.userGroups, let primary, groupID(name) == primary, members(name).isEmpty, !isPrimaryGroup(primary) {
            group.remove(name)
            gshadow.remove(name)
        }
    }

    /// Removes a group (`groupdel`): refused while it is some user's primary group.
    public mutating func removeGroup(_ name: String) throws {
        guard let gid = group.field(name, 2).flatMap({ UInt32($0) }) else {
            if altGroup.fields(name) != nil { throw AccountError("group \(name) is part of the image (\(Self.altGroupPath)): it cannot be removed") }
            return
        }
        if isPrimaryGroup(gid) { throw AccountError("group \(name) is a user's primary group: not removed (groupdel refuses too)") }
        group.remove(name)
        gshadow.remove(name)
    }

    /// Sets a group's password hash in gshadow.
    public mutating func setGroupPassword(_ name: String, hash: String) {
        guard gshadow.existed, var fields = gshadow.fields(name), fields.count == 4 else { return }
        fields[1] = hash
        gshadow.set(name, fields)
    }

    /// Allocates a UID as useradd does (sysusers.d's declared ID first, for users it declares).
    public func nextUID(system: Bool, preferredFor name: String) throws -> UInt32 {
        if let declared = sysusers.users[name], !usedUIDs.contains(declared) { return declared }
        return try IDAllocator.next(used: usedUIDs, system: system,
                                    range: try defs.idRange(gid: false, system: system), what: "UID")
    }

    /// A new user's passwd and shadow lines; system users get no password ageing, as useradd -r.
    public mutating func addUser(_ entry: PasswdEntry, passwordHash: String, system: Bool, expireDays: Int?, inactiveDays: Int?) {
        passwd.set(entry.name, [entry.name, "x", String(entry.uid), String(entry.gid), entry.gecos, entry.home, entry.shell])
        let ageing = system ? ["", "", ""] : [defs.passMinDays, defs.passMaxDays, defs.passWarnAge]
        shadow.set(entry.name, [entry.name, passwordHash, String(today)] + ageing + [
                                inactiveDays.map(String.init) ?? (system ? "" : defs.inactive),
                                expireDays.map(String.init) ?? defs.expire, ""])
    }

    /// The shadow password field of `name` (nil when the user has no /etc/shadow line).
    public func passwordField(_ name: String) -> String? {
        shadow.fields(name).flatMap { $0.count > 1 ? $0[1] : nil }
    }

    /// Sets a password hash (and the "last changed" day; 0 to force a change at next login).
    public mutating func setPassword(_ name: String, hash: String, expire: Bool = false) throws {
        var fields = try shadowFields(name)
        fields[1] = hash
        fields[2] = expire ? "0" : String(today)
        shadow.set(name, fields)
    }

    /// Locks the password as `passwd -l` does: a `!` before the hash, once.
    public mutating func lockPassword(_ name: String) throws {
        var fields = try shadowFields(name)
        if !fields[1].hasPrefix("!") { fields[1] = "!" + fields[1] }
        shadow.set(name, fields)
    }

    /// The user's shadow fields, padded to nine; a user without a shadow line (an altfiles user
    /// whose shadow lives in the image) gets one, as `pwconv` would make it.
    private func shadowFields(_ name: String) throws -> [String] {
        guard user(name) != nil else { throw AccountError("no user \(name)") }
        var fields = shadow.fields(name) ?? [name, "!", String(today), defs.passMinDays, defs.passMaxDays, defs.passWarnAge, "", "", ""]
        while fields.count < 9 { fields.append("") }
        return fields
    }

    // MARK: Output

    /// Writes for the files that changed, each keeping its mode and owner when it existed.
    /// In the order they are renamed into place: passwd last. A user exists for every later run
    /// only once her passwd line does, so a crash between the renames leaves at most a group
    /// or a shadow line without its user — which the next run completes (`addGroup`,
    /// `addUser` set lines that are already there) — never a user without her group.
    public func writes(_ sysroot: SysrootView) throws -> [FileWrite] {
        var writes: [FileWrite] = []
        for file in [group, gshadow, shadow, passwd] where file.changed {
            let status = try sysroot.status(file.path)
            let isSecret = file.path.hasSuffix("shadow")
            let mode = status.map { FileMode($0.mode) } ?? FileMode(isSecret ? 0o640 : 0o644)
            let owner = status.map { Owner(uid: $0.uid, gid: $0.gid) }
                ?? Owner(uid: 0, gid: isSecret ? (groupID("shadow") ?? 0) : 0)
            writes.append(FileWrite(path: file.path, text: file.text, mode: mode, owner: owner, isSecret: isSecret))
        }
        return writes
    }
}

public struct AccountError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The account files' writes as one action, applied under shadow-utils' locks (none when nothing changed).
func accountActions(_ writes: [FileWrite]) -> [Action] {
    writes.isEmpty ? [] : [.accountFiles(writes)]
}
