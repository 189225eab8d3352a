/// The account part of the cloud-config model: `users`, `groups`, `chpasswd` and `user:`.

public enum UserEntry: Sendable {
    /// `default`: the distribution's default user (see `DefaultUser`).
    case defaultUser
    case user(UserSpec)
}

/// One user of `users`, with cloud-init's per-user keys.
public struct UserSpec: Sendable {
    public var name: String
    public var gecos: String?
    public var groups: [String] = []
    public var primaryGroup: String?
    public var homedir: String?
    public var shell: String?
    public var uid: UInt32?
    public var system = false
    public var noCreateHome = false
    public var noUserGroup = false
    public var lockPassword = true
    /// Set when `lock_passwd` was written (a password with the default lock earns a warning).
    public var lockPasswordGiven = false
    /// `passwd`: a hash, used when the user is created.
    public var passwd: String?
    public var hashedPassword: String?
    public var plainTextPassword: String?
    /// `expiredate` as days since 1970-01-01.
    public var expireDays: Int?
    public var inactiveDays: Int?
    /// nil: no sudo rules (absent, `false` or null).
    public var sudo: [String]?
    public var doas: [String]?
    public var sshAuthorizedKeys: [String] = []
    public var sshRedirectUser = false
    public var createGroups = true
    /// Ignition's users: the fields given change a user that exists too (`usermod`), and
    /// `shouldExist: false` removes her (docs/ignition.md).
    public var changesExisting = false
    public var shouldExist = true
    /// Where the entry is, for messages.
    public var file: String
    public var mark: Mark?
    public var keyPath: KeyPath

    public init(name: String, file: String, mark: Mark?, keyPath: KeyPath) {
        self.name = name
        self.file = file
        self.mark = mark
        self.keyPath = keyPath
    }

    /// The keys cloud-init applies only when it creates the user (ignored for existing users).
    public var creationOnlyKeys: [String] {
        var keys: [String] = []
        if gecos != nil { keys.append("gecos") }
        if !groups.isEmpty { keys.append("groups") }
        if primaryGroup != nil { keys.append("primary_group") }
        if homedir != nil { keys.append("homedir") }
        if shell != nil { keys.append("shell") }
        if uid != nil { keys.append("uid") }
        if system { keys.append("system") }
        if noCreateHome { keys.append("no_create_home") }
        if noUserGroup { keys.append("no_user_group") }
        if passwd != nil { keys.append("passwd") }
        if expireDays != nil { keys.append("expiredate") }
        if inactiveDays != nil { keys.append("inactive") }
        return keys
    }
}

public struct GroupSpec: Sendable {
    public var name: String
    public var members: [String] = []
    /// Ignition's groups (`passwd.groups`): an ID, a password hash, a system group, or removal.
    public var gid: UInt32?
    public var passwordHash: String?
    public var system = false
    public var shouldExist = true
    /// Where the entry is, for messages (nil: cloud-config's `groups`, which never fail).
    public var location: (file: String, mark: Mark?, keyPath: KeyPath)?

    public init(name: String, members: [String] = []) {
        self.name = name
        self.members = members
    }
}

public struct Chpasswd: Sendable {
    public enum Password: Sendable, Equatable {
        case text(String)
        case hash(String)
    }
    /// Expire the passwords set here, so they must be changed at first login (the default).
    public var expire = true
    public var users: [(name: String, password: Password)] = []
}

/// cloud-config's `user:`: merged key by key over the distribution's default user, as cloud-init
/// merges it over `system_info.default_user` (a string is the name). The keys it gave win.
public struct DefaultUserOverride: Sendable {
    public var spec: UserSpec
    public var keys: Set<String>

    /// `base` with the given keys taken from this override.
    public func applied(to base: UserSpec) -> UserSpec {
        var user = base
        let o = spec
        for key in keys {
            switch key {
            case "name": user.name = o.name
            case "gecos": user.gecos = o.gecos
            case "groups": user.groups = o.groups
            case "primary_group": user.primaryGroup = o.primaryGroup
            case "homedir": user.homedir = o.homedir
            case "shell": user.shell = o.shell
            case "uid": user.uid = o.uid
            case "system": user.system = o.system
            case "no_create_home": user.noCreateHome = o.noCreateHome
            case "no_user_group": user.noUserGroup = o.noUserGroup
            case "lock_passwd": user.lockPassword = o.lockPassword; user.lockPasswordGiven = true
            case "passwd": user.passwd = o.passwd
            case "hashed_passwd": user.hashedPassword = o.hashedPassword
            case "plain_text_passwd": user.plainTextPassword = o.plainTextPassword
            case "expiredate": user.expireDays = o.expireDays
            case "inactive": user.inactiveDays = o.inactiveDays
            case "sudo": user.sudo = o.sudo
            case "doas": user.doas = o.doas
            case "ssh_authorized_keys": user.sshAuthorizedKeys = o.sshAuthorizedKeys
            case "ssh_redirect_user": user.sshRedirectUser = o.sshRedirectUser
            case "create_groups": user.createGroups = o.createGroups
            default: break
            }
        }
        user.file = o.file
        user.mark = o.mark
        user.keyPath = o.keyPath
        return user
    }
}
