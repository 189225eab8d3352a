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
