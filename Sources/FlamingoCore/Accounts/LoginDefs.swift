/// The sysroot's account policy, as `useradd` reads it: /etc/login.defs (ID ranges, home mode,
/// password ageing) and /etc/default/useradd (home base, shell, skeleton). Missing keys take
/// shadow-utils' built-in defaults.
public struct LoginDefs: Sendable {
    public var uidMin: UInt32 = 1000, uidMax: UInt32 = 60000
    public var systemUIDMin: UInt32 = 101, systemUIDMax: UInt32 = 999
    public var gidMin: UInt32 = 1000, gidMax: UInt32 = 60000
    public var systemGIDMin: UInt32 = 101, systemGIDMax: UInt32 = 999
    public var umask: UInt32 = 0o022
    public var homeMode: UInt32?
    public var userGroups = true
    public var passMinDays = "0", passMaxDays = "99999", passWarnAge = "7"
    public var mailDirectory = "/var/mail"

    // /etc/default/useradd
    public var homeBase = "/home"
    /// useradd's own default when /etc/default/useradd says nothing (`useradd --root` gives it).
    public var shell = "/bin/bash"
    public var skeleton = "/etc/skel"
    /// The primary group of users without a private group (`GROUP=`, `no_user_group`).
    public var defaultGroup: UInt32 = 100
    public var inactive = ""
    public var expire = ""
    /// `CREATE_MAIL_SPOOL=yes`: useradd makes an empty mailbox for each ordinary user.
    public var createMailSpool = false

    public init() {}

    /// The range useradd picks new UIDs (`gid: false`) or GIDs from; a login.defs whose minimum is
    /// above its maximum is refused as useradd refuses it ("Invalid configuration"), not trapped on.
    public func idRange(gid: Bool, system: Bool) throws -> ClosedRange<UInt32> {
        let (low, high, names): (UInt32, UInt32, String)
        switch (gid, system) {
        case (false, false): (low, high, names) = (uidMin, uidMax, "UID_MIN, UID_MAX")
        case (false, true): (low, high, names) = (systemUIDMin, systemUIDMax, "SYS_UID_MIN, SYS_UID_MAX")
        case (true, false): (low, high, names) = (gidMin, gidMax, "GID_MIN, GID_MAX")
        case (true, true): (low, high, names) = (systemGIDMin, systemGIDMax, "SYS_GID_MIN, SYS_GID_MAX")
        }
        guard low <= high else { throw AccountError("/etc/login.defs: invalid configuration: \(names) = \(low), \(high) (the minimum is above the maximum)") }
        return low...high
    }

    public init(loginDefs: String?, useraddDefaults: String?) {
        for (key, value) in KeyValueLines.pairs(loginDefs ?? "", separator: " ") {
            func id() -> UInt32? { UInt32(value) }
            switch key {
            case "UID_MIN": uidMin = id() ?? uidMin
            case "UID_MAX": uidMax = id() ?? uidMax
            case "SYS_UID_MIN": systemUIDMin = id() ?? systemUIDMin
            case "SYS_UID_MAX": systemUIDMax = id() ?? systemUIDMax
            case "GID_MIN": gidMin = id() ?? gidMin
            case "GID_MAX": gidMax = id() ?? gidMax
            case "SYS_GID_MIN": systemGIDMin = id() ?? systemGIDMin
            case "SYS_GID_MAX": systemGIDMax = id() ?? systemGIDMax
            case "UMASK": umask = UInt32(value, radix: 8) ?? umask
            case "HOME_MODE": homeMode = UInt32(value, radix: 8)
            case "USERGROUPS_ENAB": userGroups = value.lowercased() == "yes"
            case "PASS_MIN_DAYS": passMinDays = value
            case "PASS_MAX_DAYS": passMaxDays = value
            case "PASS_WARN_AGE": passWarnAge = value
            case "MAIL_DIR": mailDirectory = value
            default: break
            }
        }
        for (key, value) in KeyValueLines.pairs(useraddDefaults ?? "", separator: "=") {
            switch key {
            case "HOME": homeBase = value
            case "SHELL": shell = value
            case "SKEL": skeleton = value
            case "GROUP": defaultGroup = UInt32(value) ?? defaultGroup
            case "INACTIVE": inactive = value == "-1" ? "" : value
            case "EXPIRE": expire = value
            case "CREATE_MAIL_SPOOL": createMailSpool = value.lowercased() == "yes"
            default: break
            }
        }
    }

    public static func read(_ sysroot: SysrootView) throws -> LoginDefs {
        LoginDefs(loginDefs: try sysroot.readText("/etc/login.defs"), useraddDefaults: try sysroot.readText("/etc/default/useradd"))
    }

    /// The mode of a new home directory: HOME_MODE, else 0777 minus UMASK.
    public var newHomeMode: FileMode { FileMode(homeMode ?? (0o777 & ~umask)) }

}
