/// On an ostree system the booted system mounts the stateroot's var (`/ostree/deploy/OS/var`) over
/// `/var`, hiding the deployment's own `var` — and `/home` and `/root` are links into `var`. So
/// everything written under them must land in the stateroot's var: flamingo binds it over
/// `<sysroot>/var` for the run, and unbinds it afterwards.
public enum OstreeVar {
    /// The stateroot's var for the deployment at `sysroot`, or nil when it is not an ostree deployment.
    /// In the initramfs `sysroot` is a bind of the deployment: the `ostree=` argument names it,
    /// relative to the physical root at `<sysroot>/sysroot`. In a rescue shell the operator may
    /// pass the deployment directory itself (`…/ostree/deploy/OS/deploy/CSUM.0`).
    public static func locate(sysroot: String, ostreeArgument: String?) -> String? {
        var candidates: [String] = []
        if let argument = ostreeArgument { candidates.append(sysroot + "/sysroot" + argument) }
        candidates.append(sysroot)
        for candidate in candidates {
            guard let resolved = FileSystem.realPath(candidate) else { continue }
            let parts = resolved.split(separator: "/", omittingEmptySubsequences: false)
            // …/ostree/deploy/<os>/deploy/<checksum>.<serial>
            guard parts.count >= 5, parts[parts.count - 2] == "deploy", parts[parts.count - 4] == "deploy",
                  parts[parts.count - 5] == "ostree" else { continue }
            let stateroot = parts[..<(parts.count - 2)].joined(separator: "/")
            let varDirectory = stateroot + "/var"
            if FileStatus.of(varDirectory)?.isDirectory == true { return varDirectory }
        }
        return nil
    }
}

/// A bind mount of the stateroot's var over `<sysroot>/var`, undone by `unbind()` or when the object goes away.
public final class BoundVar {
    public let source: String
    public let target: String
    private var bound = true

    public init(source: String, sysroot: String) throws {
        self.source = source
        target = sysroot + "/var"
        try LibMount.mount(source: source, target: target, fsType: nil, options: "bind")
        SignalCleanup.arm(target, removeDirectory: false)
    }

    public func unbind() throws {
        guard bound else { return }
        defer { SignalCleanup.disarm() }
        bound = false
        try LibMount.unmount(target: target)
    }

    deinit { try? unbind() }
}

extension OstreeVar {
    /// `/var/home` and `/var/roothome`, which `/home` and `/root` link to on ostree systems, do not
    /// exist on a first boot (systemd-tmpfiles makes them later): create the missing ones.
    static func homeDirectories(_ sysroot: Sysroot) -> [Action] {
        var actions: [Action] = []
        for (path, mode) in [("/var/home", FileMode(0o755)), ("/var/roothome", FileMode(0o700))] {
            if (try? sysroot.root.statusFollowing(path)) ?? nil == nil {
                actions.append(.makeDirectory(path: path, mode: mode, owner: .root))
            }
        }
        return actions
    }
}
