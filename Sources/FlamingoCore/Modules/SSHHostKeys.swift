/// The SSH host keys part of cloud-init's ssh module: `ssh_deletekeys` (default true) removes the
/// image's host keys, so that no two instances share them; `ssh_keys` writes given keys (private
/// 0600 root, or 0640 root:ssh_keys where that group exists, as RHEL's sshd expects; public keys
/// and certificates 0644, a `HostCertificate` line for each certificate). Keys are never generated
/// in the initramfs (entropy, seconds): the booted system does — RHEL's sshd-keygen@.service (its
/// slow types moved after sshd by a drop-in), or elsewhere flamingo's units, written here
/// (`ssh_genkeytypes`): the fast types (Ed25519, ECDSA:
/// milliseconds) before sshd, so that sshd starts with a key of this instance at once, and the
/// slow ones (RSA, DSA: seconds, tens of them under emulation) after it, sshd then reloaded to
/// offer them too. With no fast type asked for, every key is made before sshd: it never starts
/// with no host key.
public enum SSHHostKeys: Module {
    public static let name = "ssh_host_keys"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("ssh_keys", Settings.self) { s, r, n, p in s.sshHostKeys = CloudConfigDecoder.decodeHostKeys(&r, n, p) },
        ConfigKey("ssh_deletekeys", Settings.self) { s, r, n, p in s.sshDeleteKeys = r.bool(n, at: p) ?? true },
        ConfigKey("ssh_genkeytypes", Settings.self) { s, r, n, p in s.sshGenerateKeyTypes = CloudConfigDecoder.decodeKeyTypes(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `ssh_keys`: host keys by type (`rsa`, `ecdsa`, `ed25519`).
        public var sshHostKeys: [SSHHostKey] = []
        public var sshDeleteKeys = true
        public var sshGenerateKeyTypes = ["rsa", "ecdsa", "ed25519"]

        public init() {}
    }
    static let keygenUnit = "flamingo-sshd-keygen.service"
    static let lateKeygenUnit = "flamingo-sshd-keygen-late.service"
    /// Key types ssh-keygen makes in milliseconds; the others (rsa, dsa) take seconds.
    static let fastTypes: Set<String> = ["ed25519", "ecdsa"]

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let sysroot = context.sysroot
        guard try sysroot.statusFollowing("/usr/sbin/sshd") != nil || sysroot.list("/etc/ssh").contains("sshd_config") else {
            plan.notes.append("no sshd in the image: host keys left alone")
            return plan
        }
        let config = context.config
        // The files written below; with ssh_deletekeys every other host key file goes (a stale
        // certificate or public key must not outlive the key it belonged to).
        var written: Set<String> = []
        for key in config[Settings.self].sshHostKeys {
            let base = "ssh_host_\(key.type)_key"
            if key.privateKey != nil { written.insert(base) }
            if key.publicKey != nil { written.insert(base + ".pub") }
            if key.certificate != nil { written.insert(base + "-cert.pub") }
        }
        if config[Settings.self].sshDeleteKeys {
            for name in sysroot.list("/etc/ssh") where name.hasPrefix("ssh_host_") && name.contains("key") && !written.contains(name) {
                plan.actions.append(.remove(path: "/etc/ssh/\(name)"))
            }
        }
        let accounts = try context.accounts()
        let keysGroup = accounts.groupID("ssh_keys")
        var certificates: [String] = []
        for key in config[Settings.self].sshHostKeys {
            let base = "/etc/ssh/ssh_host_\(key.type)_key"
            if let secret = key.privateKey {
                let text = secret.hasSuffix("\n") ? secret : secret + "\n"
                let owner = keysGroup.map { Owner(uid: 0, gid: $0) } ?? .root
                plan.actions.append(.writeFile(FileWrite(path: base, text: text, mode: FileMode(keysGroup == nil ? 0o600 : 0o640), owner: owner, isSecret: true)))
            }
            if let publicKey = key.publicKey {
                plan.actions.append(.writeFile(FileWrite(path: base + ".pub", text: publicKey.trimmingWhitespace() + "\n", mode: FileMode(0o644), owner: .root)))
            }
            if let certificate = key.certificate {
                plan.actions.append(.writeFile(FileWrite(path: base + "-cert.pub", text: certificate.trimmingWhitespace() + "\n", mode: FileMode(0o644), owner: .root)))
                certificates.append(base + "-cert.pub")
            }
        }
        if !certificates.isEmpty, let sshd = try sysroot.readText("/etc/ssh/sshd_config") {
            var lines = sshd.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            for certificate in certificates where !lines.contains("HostCertificate \(certificate)") { lines.append("HostCertificate \(certificate)") }
            plan.actions.append(.writeFile(FileWrite(path: "/etc/ssh/sshd_config", text: lines.joined(separator: "\n") + "\n", mode: FileMode(0o644), owner: .root)))
        }
        // Missing types are generated by the booted system: the fast ones before sshd starts.
        let missing = config[Settings.self].sshGenerateKeyTypes.filter { type in !config[Settings.self].sshHostKeys.contains { $0.type == type && $0.privateKey != nil } }
        let hasKeygen = try ["/usr/lib/systemd/system/sshd-keygen@.service", "/lib/systemd/system/sshd-keygen@.service"].contains { try sysroot.statusFollowing($0) != nil }
        if hasKeygen {
            // The distribution's sshd-keygen@ instances make the keys; its sshd-keygen.target
            // (which sshd waits for) would wait for the slow ones too: those move after sshd.
            // Only when sshd is sure of a fast key (given, or made by an instance the target waits for).
            let given = Set(config[Settings.self].sshHostKeys.filter { $0.privateKey != nil }.map(\.type))
            let wanted = try keygenTargetWants(sysroot)
            let slow = wanted.subtracting(fastTypes).subtracting(given).sorted()
            if !slow.isEmpty, given.contains(where: fastTypes.contains) || !wanted.isDisjoint(with: fastTypes) {
                for type in slow {
                    let path = "\(UnitInstaller.configDirectory)/sshd-keygen@\(type).service.d/\(keygenDropInName)"
                    plan.actions.append(.writeFile(FileWrite(path: path, text: keygenDropInText, mode: FileMode(0o644), owner: .root)))
                }
            }
        } else if !missing.isEmpty {
            let (early, late) = split(missing)
            var units = [(keygenUnit, keygenUnitText(early))]
            if !late.isEmpty { units.append((lateKeygenUnit, lateKeygenUnitText(late))) }
            for (name, unit) in units {
                let path = "\(UnitInstaller.configDirectory)/\(name)"
                plan.actions.append(.writeFile(FileWrite(path: path, text: unit, mode: FileMode(0o644), owner: .root)))
                let installer = UnitInstaller(read: { _ in nil }, list: { _ in [] }, planned: [path: unit])
                for link in try installer.enableLinks(UnitName(name)!) { plan.actions.append(.symlink(path: link.path, target: link.target, owner: .root)) }
            }
        }
        return plan
    }

    /// The types made before sshd and those made after it: the slow ones wait, unless nothing
    /// would be left for sshd to start with.
    static func split(_ types: [String]) -> (early: [String], late: [String]) {
        let early = types.filter(fastTypes.contains)
        return early.isEmpty ? (types, []) : (early, types.filter { !fastTypes.contains($0) })
    }

    static func keygenCommand(_ type: String) -> String {
        "ExecStart=/bin/sh -c 'test -e /etc/ssh/ssh_host_\(type)_key || ssh-keygen -q -t \(type) -N \"\" -f /etc/ssh/ssh_host_\(type)_key'"
    }

    /// The slow types, once sshd runs; then sshd is reloaded (a socket-activated sshd reads the
    /// keys on each connection: nothing to reload). `--no-block`: a unit of the boot transaction
    /// must not wait for another job of it.
    static func lateKeygenUnitText(_ types: [String]) -> String {
        """
        # Written by flamingo: the slow SSH host key types (seconds each) are generated once sshd
        # runs with its fast key, then sshd is reloaded to offer them too.
        [Unit]
        Description=Generate the remaining SSH host keys (flamingo)
        # After sshd: its start must not wait for these keys; after the fast keys also where sshd is
        # socket-activated (no sshd unit at boot), so that they never share the CPU with these.
        After=ssh.service sshd.service \(keygenUnit)
        ConditionFileIsExecutable=/usr/bin/ssh-keygen

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        \(types.map(keygenCommand).joined(separator: "\n"))
        ExecStartPost=-/bin/systemctl --no-block try-reload-or-restart ssh.service sshd.service

        [Install]
        WantedBy=multi-user.target

        """
    }

    /// The key types whose sshd-keygen@ instances the distribution's sshd-keygen.target wants
    /// (`Wants=` lines, `.wants/` links).
    static func keygenTargetWants(_ sysroot: SysrootView) throws -> Set<String> {
        var names: [String] = []
        for directory in ["/usr/lib/systemd/system", "/lib/systemd/system", "/etc/systemd/system"] {
            if let text = try sysroot.readText("\(directory)/sshd-keygen.target") {
                for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("Wants=") {
                    names += line.dropFirst("Wants=".count).split(separator: " ").map(String.init)
                }
            }
            names += sysroot.list("\(directory)/sshd-keygen.target.wants")
        }
        return Set(names.compactMap { name in
            guard name.hasPrefix("sshd-keygen@"), name.hasSuffix(".service") else { return nil }
            return String(name.dropFirst("sshd-keygen@".count).dropLast(".service".count))
        })
    }

    static let keygenDropInName = "50-flamingo-after-sshd.conf"

    /// A drop-in for a slow type's sshd-keygen@ instance. Ordered after sshd-keygen.target, it is
    /// one of the target's wants the target does not wait for (systemd adds a target's implicit
    /// `After=` on what it wants only where that makes no cycle), so sshd, which waits for the
    /// target, starts with the fast keys; this key follows, then sshd is reloaded to offer it.
    static let keygenDropInText = """
        # Written by flamingo: this slow key type (seconds, tens of them under emulation) is made
        # once sshd runs with its fast keys, then sshd is reloaded to offer it too.
        [Unit]
        # After sshd-keygen.target: the target (and so sshd, which waits for it) does not wait for this key.
        After=sshd-keygen.target sshd.service ssh.service

        [Service]
        ExecStartPost=-/bin/systemctl --no-block try-reload-or-restart sshd.service ssh.service

        """

    static func keygenUnitText(_ types: [String]) -> String {
        let commands = types.map(keygenCommand)
        return """
            # Written by flamingo: the SSH host keys this instance has no key for are generated in the
            # booted system (never in the initramfs); these, the fast ones, before sshd starts.
            [Unit]
            Description=Generate missing SSH host keys (flamingo)
            # Early (no basic.target): before a socket-activated sshd's socket too, which sockets.target,
            # and so basic.target, waits for.
            DefaultDependencies=no
            # /etc/ssh is on the root, read-write once systemd-remount-fs has run.
            After=local-fs.target
            # Before sshd, started or socket-activated: it must start with a key of this instance.
            Before=ssh.service sshd.service ssh.socket sshd.socket
            # Stopped before shutdown, as a unit with default dependencies is.
            Conflicts=shutdown.target
            Before=shutdown.target
            ConditionFileIsExecutable=/usr/bin/ssh-keygen

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            \(commands.joined(separator: "\n"))

            [Install]
            WantedBy=multi-user.target

            """
    }
}
