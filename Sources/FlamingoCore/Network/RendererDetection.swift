/// Which renderer a sysroot uses, from what it contains: each renderer in
/// `NetworkRendererRegistry.all`'s order is asked (`isUsed(by:)`), the first that fits renders:
///
/// | renderer | when the sysroot has |
/// |---|---|
/// | `nm` | /usr/sbin/NetworkManager |
/// | `networkd` | systemd-networkd, enabled (a link in a .wants directory) |
/// | `ifcfg` | /etc/sysconfig/network-scripts and an `ifup` (initscripts) |
/// | `eni` | /etc/network/interfaces and an `ifup` (ifupdown) |
///
/// Overridden by `network: {renderer: NAME}` in /etc/flamingo/flamingo.yaml, and that by the kernel
/// argument `flamingo.network.renderer=NAME`.
public enum RendererDetection {
    public static func choose(_ sysroot: SysrootView, override: String?) -> (renderer: (any NetworkRenderer.Type)?, why: String) {
        if let override {
            guard let renderer = NetworkRendererRegistry.named(override) else {
                return (nil, "the renderer \"\(override)\" is not one of \(NetworkRendererRegistry.all.map { $0.name }.joined(separator: ", "))")
            }
            return (renderer, "chosen by flamingo.network.renderer=\(override)")
        }
        if let configured = configuredRenderer(sysroot) {
            guard let renderer = NetworkRendererRegistry.named(configured) else {
                return (nil, "\(FlamingoPaths.imageConfigFile): network.renderer \"\(configured)\" is not a renderer")
            }
            return (renderer, "chosen in \(FlamingoPaths.imageConfigFile)")
        }
        for renderer in NetworkRendererRegistry.all {
            if let why = renderer.isUsed(by: sysroot) { return (renderer, why) }
        }
        return (nil, "no known network stack in the sysroot (NetworkManager, systemd-networkd, network-scripts, ifupdown)")
    }

    /// Whether anything is at `path` in the sysroot (links followed inside it).
    static func exists(_ path: String, in sysroot: SysrootView) -> Bool {
        ((try? sysroot.statusFollowing(path)) ?? nil) != nil
    }

    /// An `ifup` program (initscripts' or ifupdown's).
    static func hasIfup(_ sysroot: SysrootView) -> Bool {
        exists("/usr/sbin/ifup", in: sysroot) || exists("/sbin/ifup", in: sysroot)
    }

    /// `network: {renderer: NAME}` from /etc/flamingo/flamingo.yaml, if set.
    static func configuredRenderer(_ sysroot: SysrootView) -> String? {
        guard let bytes = (try? sysroot.read(FlamingoPaths.imageConfigFile)) ?? nil,
              let document = try? Document.parse(RawInput(file: FlamingoPaths.imageConfigFile, bytes: bytes), as: .yaml) else { return nil }
        return document.root["network"]?["renderer"]?.scalar?.text
    }
}
