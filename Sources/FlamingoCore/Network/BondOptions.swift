/// A bond's options as each stack spells them. NetworkManager's `[bond]`, ifcfg's BONDING_OPTS
/// and ifenslave take the kernel's names (ifenslave with `-` for `_`); systemd-networkd has its
/// own names and value words, and puts `primary` and `active_slave` on the member's .network.
enum BondOptions {
    /// `name=value` with the kernel's names, `mode` by its name (NetworkManager, ifcfg).
    static func kernel(_ bond: BondSettings) -> [String] {
        bond.options.map { "\($0.name)=\($0.name == "mode" ? NetworkManagerKeyfiles.bondModeName($0.value) : $0.value)" }
    }

    /// ifenslave's `bond-NAME value` lines (ENI).
    static func ifenslave(_ bond: BondSettings) -> [String] {
        bond.options.map { option in
            let value = option.name == "mode" ? NetworkManagerKeyfiles.bondModeName(option.value)
                : option.name == "arp_ip_target" ? option.value.split(separator: ",").joined(separator: " ") : option.value
            return "bond-\(String(option.name.map { $0 == "_" ? "-" : $0 })) \(value)"
        }
    }

    /// The `[Bond]` section's lines of a .netdev; options networkd has no setting for are left
    /// out (`use_carrier`: networkd always watches the carrier) and `primary`/`active_slave`
    /// belong to the member (`memberSettings`).
    static func networkd(_ bond: BondSettings) -> [String] {
        bond.options.compactMap { option in
            let value = option.value
            let words: [String: [String: String]] = [
                "lacp_rate": ["0": "slow", "1": "fast"],
                "fail_over_mac": ["0": "none", "1": "active", "2": "follow"],
                "arp_validate": ["0": "none", "1": "active", "2": "backup", "3": "all", "4": "filter", "5": "filter_active", "6": "filter_backup"],
                "ad_select": ["0": "stable", "1": "bandwidth", "2": "count"],
                "primary_reselect": ["0": "always", "1": "better", "2": "failure"],
                "arp_all_targets": ["0": "any", "1": "all"],
                "xmit_hash_policy": ["0": "layer2", "1": "layer3+4", "2": "layer2+3", "3": "encap2+3", "4": "encap3+4"],
            ]
            let word = words[option.name]?[value] ?? value
            switch option.name {
            case "mode": return "Mode=\(NetworkManagerKeyfiles.bondModeName(value))"
            case "xmit_hash_policy": return "TransmitHashPolicy=\(word)"
            case "lacp_rate": return "LACPTransmitRate=\(word)"
            case "miimon": return "MIIMonitorSec=\(value)ms"
            case "updelay": return "UpDelaySec=\(value)ms"
            case "downdelay": return "DownDelaySec=\(value)ms"
            case "arp_interval": return "ARPIntervalSec=\(value)ms"
            case "lp_interval": return "LearnPacketIntervalSec=\(value)s"
            case "arp_ip_target": return "ARPIPTargets=" + value.split(separator: ",").joined(separator: " ")
            case "arp_validate": return "ARPValidate=\(word)"
            case "arp_all_targets": return "ARPAllTargets=\(word)"
            case "ad_select": return "AdSelect=\(word)"
            case "fail_over_mac": return "FailOverMACPolicy=\(word)"
            case "primary_reselect": return "PrimaryReselectPolicy=\(word)"
            case "resend_igmp": return "ResendIGMP=\(value)"
            case "packets_per_slave": return "PacketsPerSlave=\(value)"
            case "num_grat_arp", "num_unsol_na": return "GratuitousARP=\(value)"
            case "all_slaves_active": return "AllSlavesActive=\(value == "1" ? "yes" : "no")"
            case "min_links": return "MinLinks=\(value)"
            case "ad_actor_sys_prio": return "AdActorSystemPriority=\(value)"
            case "ad_user_port_key": return "AdUserPortKey=\(value)"
            case "ad_actor_system": return "AdActorSystem=\(value)"
            case "tlb_dynamic_lb": return "DynamicTransmitLoadBalancing=\(value == "1" ? "yes" : "no")"
            default: return nil
            }
        }
    }

    /// A member's own `[Network]` lines: `PrimarySlave=yes` for the bond's `primary`,
    /// `ActiveSlave=yes` for its `active_slave`.
    static func memberSettings(_ bond: BondSettings, member: String) -> [String] {
        (bond["primary"] == member ? ["PrimarySlave=yes"] : []) + (bond["active_slave"] == member ? ["ActiveSlave=yes"] : [])
    }
}
