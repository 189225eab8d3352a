/// Gives what flamingo wrote the SELinux contexts the sysroot's policy assigns them (sshd in
/// enforcing mode will not read an unlabelled authorized_keys). Exactly the written paths are
/// relabelled: with `setfiles` against the sysroot's file_contexts when the initramfs has it, else
/// by handing the list to the booted system, whose `flamingo-relabel.service` runs `restorecon`
/// early, before sshd.
public enum SELinuxRelabel {
    public static let listFile = "/var/lib/flamingo/relabel.list"
    public static let unitName = "flamingo-relabel.service"
    public static let unitPath = "/etc/systemd/system/\(unitName)"
    /// `WantedBy=sysinit.target`, as `systemctl enable` would link it.
    public static let wantsLink = "/etc/systemd/system/sysinit.target.wants/\(unitName)"

    /// The sysroot's file_contexts when /etc/selinux/config enables a policy; nil otherwise.
    public static func fileContexts(_ sysroot: Sysroot) -> String? {
        guard let config = (try? sysroot.readText("/etc/selinux/config")) ?? nil else { return nil }
        let settings = Dictionary(KeyValueLines.pairs(config, separator: "="), uniquingKeysWith: { $1 })
        guard let mode = settings["SELINUX"], mode != "disabled", let type = settings["SELINUXTYPE"], !type.contains("/") else { return nil }
        let path = "/etc/selinux/\(type)/contexts/files/file_contexts"
        return ((try? sysroot.status(path)) ?? nil) != nil ? path : nil
    }

    /// Relabels `paths` (sysroot paths) now, or returns the actions that hand them to the booted system.
    public static func relabel(_ paths: [String], sysroot: Sysroot, fileContexts: String, log: Log) -> [Action] {
        let unique = Array(Set(paths)).sorted()
        if let setfiles = Subprocess.find(Programs.setfiles) {
            let hostPaths = unique.compactMap { hostPath($0, sysroot) }
            if let rootPath = hostPath("/", sysroot), let contexts = hostPath(fileContexts, sysroot) {
                do {
                    let result = try Subprocess.run(setfiles, ["-F", "-r", rootPath, contexts] + hostPaths)
                    if result.status == 0 {
                        log.info("selinux", "relabelled \(hostPaths.count) paths with setfiles against \(fileContexts)")
                        return []
                    }
                    log.warning("selinux", "setfiles exited \(result.status): \(result.output.trimmingWhitespace()); handing the list to the booted system")
                } catch {
                    log.warning("selinux", "\(setfiles): \(error); handing the list to the booted system")
                }
            }
        }
        let existing = ((try? sysroot.readText(listFile)) ?? nil)?.split(whereSeparator: \.isNewline).map(String.init) ?? []
        let list = Array(Set(existing + unique)).sorted().joined(separator: "\n") + "\n"
        log.info("selinux", "no setfiles here: \(unique.count) paths handed to \(unitName) in the booted system")
        return [
            .writeFile(FileWrite(path: listFile, text: list, mode: FileMode(0o600), owner: .root)),
            .writeFile(FileWrite(path: unitPath, text: unit, mode: FileMode(0o644), owner: .root)),
            .symlink(path: wantsLink, target: unitPath, owner: .root),
        ]
    }

    /// Where a sysroot path really is on this host, resolved inside the sysroot (so that a symlink
    /// in it can never make setfiles label a file of the host).
    static func hostPath(_ path: String, _ sysroot: Sysroot) -> String? {
        guard let fd = try? sysroot.confinedRoot.open(path, [.pathOnly, .noFollow]) else { return nil }
        return try? fd.hostPath()
    }

    static let unit = """
    # Written by flamingo: labels the files flamingo wrote before switch-root, where the initramfs
    # had no setfiles. The list is removed once done.
    [Unit]
    Description=Flamingo: SELinux labels for files written before switch-root
    DefaultDependencies=no
    # The list lives in /var; the files may be anywhere local.
    After=local-fs.target
    # Labelled before anything reads them: sshd (authorized_keys), logins (homes).
    Before=sysinit.target sshd.service systemd-user-sessions.service
    ConditionSecurity=selinux
    ConditionPathExists=\(listFile)

    [Service]
    Type=oneshot
    ExecStart=/sbin/restorecon -F -f \(listFile)
    ExecStartPost=/bin/rm -f \(listFile)

    [Install]
    WantedBy=sysinit.target

    """
}
