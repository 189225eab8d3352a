/// systemd `.link` files for the NICs the input renames (v2 `set-name`):
/// `/etc/systemd/network/10-flamingo-NAME.link`, matched by MAC, applied by the booted system's
/// udev when it adds the device (the initramfs renames nothing). They sort before the
/// distribution's 99-default.link, and the first matching .link file is the one udev applies.
/// `Type=ether` keeps a VLAN or bond that shares the MAC from being renamed too.
///
/// With `wakeOnLan` (networkd, whose .network files cannot say it) a NIC asking for Wake-on-LAN
/// gets one too, `WakeOnLan=magic`; as the one .link file udev applies to that NIC it carries the
/// naming policies of systemd's own 99-default.link, so that the NIC keeps its usual name.
public enum LinkFiles {
    public static func render(_ config: NetworkConfig, wakeOnLan: Bool = false) -> [FileWrite] {
        config.interfaces.compactMap { interface in
            guard (interface.renamed && interface.macAddress != nil) || (wakeOnLan && interface.wakeOnLan) else { return nil }
            // By MAC; a NIC given by name only, by the name the kernel gave it.
            let match = interface.macAddress.map { ["MACAddress=\($0)", "Type=ether"] } ?? ["OriginalName=\(interface.name)"]
            let naming = interface.renamed ? ["Name=\(interface.name)"]
                : ["NamePolicy=keep kernel database onboard slot path", "AlternativeNamesPolicy=database onboard slot path",
                   "MACAddressPolicy=persistent"]
            let link = naming + (wakeOnLan && interface.wakeOnLan ? ["WakeOnLan=magic"] : [])
            let text = (["# Written by flamingo from the instance's network configuration; replaced on every boot.", "", "[Match]"]
                        + match + ["", "[Link]"] + link).joined(separator: "\n") + "\n"
            return FileWrite(path: "\(SystemdNetworkd.directory)/10-flamingo-\(interface.name).link", text: text,
                             mode: FileMode(0o644), owner: .root)
        }
    }
}
