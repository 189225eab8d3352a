import Foundation
import Testing
@testable import FlamingoCore

/// What cloud-init's network test corpus asked of the model: bond and bridge settings, DHCP
/// overrides, route options, routing rules, name patterns, default gateways (the differential
/// test checks the renderings against cloud-init's; these check the reading, and its messages).
@Suite struct NetworkCorpusTests {
    static let names = try! InterfaceNames(arguments: ["eth0=52:54:00:12:34:56", "eth1=52:54:00:12:34:57", "ens3=52:54:00:12:34:58"])

    func parse(_ text: String) -> (NetworkConfig?, [Diagnostic]) {
        let (result, diagnostics) = NetworkInput.parse(RawInput(file: "network-config", bytes: Array(text.utf8)), format: nil, names: Self.names)
        guard case .config(let config)? = result, !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (config, diagnostics)
    }

    @Test func everyBondingOptionIsKeptAndABadOneLeftOutWithAWarning() throws {
        let (config, diagnostics) = parse("""
            version: 1
            config:
              - {type: physical, name: eth0, mac_address: "52:54:00:12:34:56"}
              - type: bond
                name: bond0
                bond_interfaces: [eth0]
                params: {bond-mode: active-backup, bond_miimon: 100, bond-updelay: 200, bond-primary: eth0,
                         bond-fail_over_mac: "02:00:00:00:00:01", bond-lacp_rate: fast, bond-arp_ip_target: [192.0.2.1, 192.0.2.2]}
            """)
        let bond = try #require(config?.interface("bond0"))
        guard case .bond(let settings) = bond.kind else { Issue.record("not a bond"); return }
        // fail_over_mac (a MAC) and lacp_rate (802.3ad only): left out.
        #expect(settings.options.map(\.name) == ["mode", "miimon", "updelay", "primary", "arp_ip_target"])
        #expect(settings["arp_ip_target"] == "192.0.2.1,192.0.2.2")
        let messages = diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("params.bond-fail_over_mac") && $0.contains("is not a bond fail_over_mac (none, active, follow); left out") })
        #expect(messages.contains { $0.contains("lacp_rate: applies only in mode 802.3ad, not active-backup; left out") })
        #expect(BondOptions.networkd(settings).contains("UpDelaySec=200ms"))
        #expect(BondOptions.memberSettings(settings, member: "eth0") == ["PrimarySlave=yes"])
    }

    @Test func bridgeSettingsAndPortsFromV1AndV2() throws {
        let (v1, _) = parse("""
            version: 1
            config:
              - {type: physical, name: eth0, mac_address: "52:54:00:12:34:56"}
              - {type: bridge, name: br0, bridge_interfaces: [eth0],
                 params: {bridge_stp: "on", bridge_bridgeprio: 22, bridge_fd: 4, bridge_pathcost: ["eth0 50"], bridge_portprio: ["eth0 28"]}}
            """)
        guard case .bridge(let bridge)? = v1?.interface("br0")?.kind else { Issue.record("no bridge"); return }
        #expect(bridge.stp == true && bridge.priority == 22 && bridge.forwardDelay == 4)
        #expect(bridge.pathCost == ["eth0": 50] && bridge.portPriority == ["eth0": 28])
        let (v2, diagnostics) = parse("""
            version: 2
            ethernets: {port: {match: {macaddress: "52:54:00:12:34:57"}}}
            bridges: {br1: {interfaces: [port], parameters: {stp: false, forward-delay: 1, path-cost: {port: 7}}}}
            """)
        guard case .bridge(let second)? = v2?.interface("br1")?.kind else { Issue.record("no bridge"); return }
        #expect(second.stp == false && second.forwardDelay == nil && second.pathCost == ["eth1": 7])
        #expect(diagnostics.contains { $0.description.contains("forward-delay: 1 is out of range (0 or 2…30); left out") })
        // NetworkManager's default is STP on: flamingo says off unless asked.
        let keyfile = String(decoding: NetworkManagerKeyfiles.render(v2!).first { $0.path.hasSuffix("flamingo-br1.nmconnection") }!.contents, as: UTF8.self)
        #expect(keyfile.contains("[bridge]\nstp=false\n"))
    }

    @Test func dhcpOverridesAndTheirConflict() throws {
        let (config, _) = parse("""
            version: 2
            ethernets:
              eth0: {dhcp4: true, dhcp4-overrides: {use-dns: false, route-metric: 700, hostname: box}}
            """)
        let eth0 = try #require(config?.interface("eth0"))
        #expect(eth0.dhcp4Overrides.useDNS == false && eth0.dhcp4Overrides.routeMetric == 700 && eth0.dhcp4Overrides.hostname == "box")
        let network = SystemdNetworkd.network(eth0, controller: nil, vlans: [], config: config!)
        #expect(network.contains("[DHCPv4]\nUseDNS=no\nRouteMetric=700\nHostname=box\n"))
        let (refused, diagnostics) = parse("""
            version: 2
            ethernets:
              eth0: {dhcp4: true, dhcp4domain: true, dhcp4-overrides: {use-domains: route}}
            """)
        #expect(refused == nil)
        #expect(diagnostics.contains { $0.description.hasPrefix("network-config:3:36: error: ethernets.eth0.dhcp4domain: given with dhcp4-overrides.use-domains as well") })
    }

    @Test func twoDefaultGatewaysAreRefusedNamingBoth() {
        let (config, diagnostics) = parse("""
            version: 1
            config:
              - type: physical
                name: eth0
                subnets:
                  - {type: static, address: 192.0.2.10/24, gateway: 192.0.2.1}
                  - {type: static, address: 198.51.100.10/24, gateway: 198.51.100.1}
            """)
        #expect(config == nil)
        #expect(diagnostics.map(\.description).contains(
            "network-config:7:60: error: config[0].subnets[1].gateway: a second default IPv4 gateway on eth0: 198.51.100.1, besides 192.0.2.1 (at 6:57, config[0].subnets[0].gateway); only one can be the default route — keep one, or give the default routes metrics to order them"))
    }

    @Test func routeOptionsRulesAndOffLinkGateways() throws {
        let (config, _) = parse("""
            version: 2
            ethernets:
              eth0:
                addresses: [192.0.2.10/32]
                gateway4: 192.0.2.1
                routes: [{to: 198.51.100.0, via: 192.0.2.1, table: 100, mtu: 1400}]
                routing-policy: [{from: 192.0.2.10, table: 100, priority: 1000}]
            """)
        let eth0 = try #require(config?.interface("eth0"))
        let routes = eth0.subnets.flatMap(\.routes)
        // A /32 address: its gateway is reached on the link; a route's network without a prefix is a /24.
        #expect(routes.contains { $0.isDefault && $0.gateway == "192.0.2.1" && $0.onLink })
        #expect(routes.contains { $0.destination == "198.51.100.0" && $0.prefix == 24 && $0.table == 100 && $0.mtu == 1400 })
        #expect(eth0.routingRules.first?.ipArguments == "from 192.0.2.10 table 100 priority 1000")
        let keyfile = NetworkManagerKeyfiles.keyfile(eth0, controller: nil, parents: [:], config: config!)
        #expect(keyfile.contains("routing-rule1=priority 1000 from 192.0.2.10 table 100"))
        #expect(keyfile.contains("_options=onlink=true"))
    }

    @Test func aNamePatternConfiguresEachNICItMatches() throws {
        let (config, diagnostics) = parse("""
            version: 2
            ethernets:
              all-eth: {match: {name: "eth*"}, dhcp4: true}
              none: {match: {name: "wl*"}, dhcp4: true}
            """)
        #expect(config?.interfaces.map(\.name) == ["eth0", "eth1"])
        #expect(config?.interfaces.map(\.macAddress) == ["52:54:00:12:34:56", "52:54:00:12:34:57"])
        #expect(diagnostics.contains { $0.description.contains("ethernets.none.match.name: \"wl*\" matches no NIC here; not configured") })
    }

    @Test func hostBitsAreClearedFromADefaultedRouteNetwork() {
        #expect(IPAddress.network(of: "192.167.225.122", prefix: 24) == "192.167.225.0")
        #expect(IPAddress.network(of: "fe80::dc00:ff:fe20:188", prefix: 64) == "fe80::")
        #expect(IPAddress.network(of: "2001:db8:1:2:3:4:5:6", prefix: 48) == "2001:db8:1::")
        #expect(IPAddress.network(of: "2001:db8::1", prefix: 128) == "2001:db8::1")
    }
}
