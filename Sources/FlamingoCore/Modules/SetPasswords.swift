/// `set_passwords`: `chpasswd` (plain text hashed with SHA-512 crypt, hashes kept as given,
/// expired unless `expire: false`), `password` for the default user, and `ssh_pwauth` as an sshd
/// drop-in (or, where sshd_config has no `Include`, an edit of the main file).
public enum SetPasswords: Module {
    public static let name = "set_passwords"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("ssh_pwauth", Settings.self) { s, r, n, p in s.sshPasswordAuthentication = CloudConfigDecoder.decodePasswordAuthentication(&r, n, p) },
        ConfigKey("password", Settings.self) { s, r, n, p in s.password = r.string(n, at: p) },
        ConfigKey("chpasswd", Settings.self) { s, r, n, p in s.chpasswd = CloudConfigDecoder.decodeChpasswd(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// nil: leave sshd's setting alone (`unchanged`, or the key absent).
        public var sshPasswordAuthentication: Bool?
        public var password: String?
        public var chpasswd = Chpasswd()

        public init() {}
    }
    /// Early in sshd.d's order: sshd takes the first value it reads, and distributions ship 50-*.conf.
    public static let sshdDropIn = "/etc/ssh/sshd_config.d/40-flamingo-pwauth.conf"

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        var accounts = try context.accounts()
        var changes: [(String, Chpasswd.Password)] = config[Settings.self].chpasswd.users
        if let password = config[Settings.self].password {
            if let user = context.defaultUser?.name {
                changes.append((user, CryptHash.isHash(password) ? .hash(password) : .text(password)))
            } else {
                plan.notes.append("password: there is no default user to give it to")
            }
        }
        for (name, password) in changes {
            guard accounts.user(name) != nil else {
                plan.diagnostics.append(Diagnostic(.error, file: context.instance.source, mark: nil,
                                                   keyPath: KeyPath([.key("chpasswd")]), "no user \(name) to set a password for"))
                continue
            }
            let hash: String
            switch password {
            case .hash(let given): hash = given
            case .text(let text): hash = try PasswordHasher.hash(text, keeping: accounts.passwordField(name))
            }
            try accounts.setPassword(name, hash: hash, expire: config[Settings.self].chpasswd.expire)
            plan.notes.append("password set for \(name)\(config[Settings.self].chpasswd.expire ? " (expired: to be changed at first login)" : "")")
        }
        context.update(accounts)
        plan.actions += accountActions(try accounts.writes(context.sysroot))
        if let allow = config[Settings.self].sshPasswordAuthentication {
            plan.actions += try passwordAuthentication(allow, context.sysroot)
        }
        return plan
    }

    static func passwordAuthentication(_ allow: Bool, _ sysroot: SysrootView) throws -> [Action] {
        let value = allow ? "yes" : "no"
        let main = try sysroot.readText("/etc/ssh/sshd_config")
        let includesDropIns = (main ?? "").split(whereSeparator: \.isNewline).contains { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.count >= 2 && words[0].lowercased() == "include" && words[1].hasPrefix("/etc/ssh/sshd_config.d/")
        }
        if main == nil || includesDropIns {
            let text = "# Written by flamingo (ssh_pwauth).\nPasswordAuthentication \(value)\n"
            return [.writeFile(FileWrite(path: sshdDropIn, text: text, mode: FileMode(0o600), owner: .root))]
        }
        // No Include: change the main file's setting in place, as cloud-init does, keeping every other line.
        guard let main, let status = try sysroot.status("/etc/ssh/sshd_config") else { return [] }
        var lines = main.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.trimmingWhitespace().lowercased().hasPrefix("passwordauthentication ") }) {
            lines[index] = "PasswordAuthentication \(value)"
        } else {
            if lines.last == "" { lines.removeLast() }
            lines.append("PasswordAuthentication \(value)")
            lines.append("")
        }
        return [.writeFile(FileWrite(path: "/etc/ssh/sshd_config", text: lines.joined(separator: "\n"),
                                     mode: FileMode(status.mode), owner: Owner(uid: status.uid, gid: status.gid)))]
    }
}
