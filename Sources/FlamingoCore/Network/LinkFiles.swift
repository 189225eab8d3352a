/// systemd `.link` files for the NICs the input renames (v2 `set-name`):
/// `/etc/systemd/network/10-flamingo-NAME.link`, matched by MAC, applied by the booted system's
/// udev when it adds the device (the initramfs renames nothing). They sort before the
/// distribution's 99-default.link, and the first matching .link file is the one udev applies.
/// `Type=ether` keeps a VLAN or bond that shares the MAC from being renamed too.
public enum LinkFiles {
    public static func render(_ config: NetworkConfig) -> [FileWrite] {
        config.interfaces.compactMap { interface in
            guard interface.renamed, let mac = interface.macAddress else { return nil }
            let text = """
                # Written by flamingo from the instance's network configuration; replaced on every boot.

                [Match]
                MACAddress=\(mac)
                Type=ether

                [Link]
                Name=\(interface.name)

                """
            return FileWrite(path: "\(SystemdNetworkd.directory)/10-flamingo-\(interface.name).link", text: text,
                             mode: FileMode(0o644), owner: .root)
        }
    }
}
