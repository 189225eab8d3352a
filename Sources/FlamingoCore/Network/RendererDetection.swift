/// Which renderer a sysroot uses, from what it contains, in this order (the first that fits):
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
        func exists(_ path: String) -> Bool { ((try? sysroot.statusFollowing(path)) ?? nil) != nil }
        let ifup = exists("/usr/sbin/ifup") || exists("/sbin/ifup")
        if exists("/usr/sbin/NetworkManager") { return (NetworkManagerKeyfiles.self, "the sysroot has NetworkManager") }
        if ["multi-user.target.wants", "network-online.target.wants", "sockets.target.wants"].contains(where: {
            exists("/etc/systemd/system/\($0)/systemd-networkd.service") || exists("/etc/systemd/system/\($0)/systemd-networkd.socket")
        }) {
            return (SystemdNetworkd.self, "systemd-networkd is enabled in the sysroot")
        }
        if exists("/etc/sysconfig/network-scripts") && ifup { return (SysconfigIfcfg.self, "the sysroot has network-scripts and ifup") }
        if exists("/etc/network/interfaces") && ifup { return (InterfacesFile.self, "the sysroot has ifupdown") }
        return (nil, "no known network stack in the sysroot (NetworkManager, systemd-networkd, network-scripts, ifupdown)")
    }

    /// `network: {renderer: NAME}` from /etc/flamingo/flamingo.yaml, if set.
    static func configuredRenderer(_ sysroot: SysrootView) -> String? {
        guard let bytes = (try? sysroot.read(FlamingoPaths.imageConfigFile)) ?? nil,
              let document = try? Document.parse(RawInput(file: FlamingoPaths.imageConfigFile, bytes: bytes), as: .yaml) else { return nil }
        return document.root["network"]?["renderer"]?.scalar?.text
    }
}
