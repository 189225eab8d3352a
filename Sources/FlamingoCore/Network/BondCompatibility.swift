/// Bond options that contradict the bond's mode or each other. Linux bonding ignores or refuses
/// them, and NetworkManager refuses the whole connection for one ("'mode=balance-tlb' is
/// incompatible with 'arp_interval > 0'"): flamingo leaves each out with a warning saying why,
/// and the bond comes up with the rest.
extension BondSettings {
    /// Removes what cannot apply; returns each removed option with the reason.
    mutating func removeIncompatible() -> [(option: String, reason: String)] {
        var removed: [(String, String)] = []
        let mode = NetworkManagerKeyfiles.bondModeName(self.mode ?? "balance-rr")
        func drop(_ option: String, _ reason: String) {
            guard self[option] != nil else { return }
            self[option] = nil
            removed.append((option, reason))
        }
        // What the kernel or NetworkManager refuses (measured with nmcli); options the kernel merely
        // ignores in a mode (xmit_hash_policy in active-backup) stay.
        let onlyIn: [(options: [String], modes: Set<String>)] = [
            (["lacp_rate"], ["802.3ad"]),
            (["primary"], ["active-backup"]),
            (["primary_reselect", "active_slave"], ["active-backup", "balance-tlb", "balance-alb"]),
        ]
        for (options, modes) in onlyIn where !modes.contains(mode) {
            for option in options { drop(option, "applies only in mode \(modes.sorted().joined(separator: " or ")), not \(mode)") }
        }
        let arpMonitor = ["arp_interval", "arp_ip_target", "arp_validate", "arp_all_targets"]
        if ["802.3ad", "balance-tlb", "balance-alb"].contains(mode) {
            for option in arpMonitor { drop(option, "ARP monitoring does not work in mode \(mode)") }
        } else if (miimon ?? 0) > 0, (Int(self["arp_interval"] ?? "0") ?? 0) > 0 {
            for option in arpMonitor { drop(option, "a bond runs one link monitor: miimon is kept") }
        }
        return removed
    }
}
