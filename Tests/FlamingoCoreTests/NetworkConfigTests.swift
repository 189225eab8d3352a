import Foundation
import Testing
@testable import FlamingoCore

/// cloud-init network config v1 and v2, and the NetworkManager keyfile renderer.
@Suite struct NetworkConfigTests {
    static let names = try! InterfaceNames(arguments: ["eth0=52:54:00:12:34:56", "eth1=52:54:00:12:34:57"])

    func parse(_ text: String, file: String = "network-config") -> (NetworkInput.Result?, [Diagnostic]) {
        NetworkInput.parse(RawInput(file: file, bytes: Array(text.utf8)), format: nil, names: Self.names)
    }

    func config(_ text: String) throws -> NetworkConfig {
        let (result, diagnostics) = parse(text)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        guard case .config(let config)? = result else { throw NetworkError("no config") }
        return config
    }

    @Test func v2WithMatchSetNameBondVLANAndRoutes() throws {
        let config = try config("""
            network:
              version: 2
              ethernets:
                nic0:
                  match: {macaddress: "52:54:00:12:34:56"}
                  set-name: lan0
                  mtu: 9000
                nic1:
                  match: {macaddress: "52:54:00:12:34:57"}
              bonds:
                bond0:
                  interfaces: [nic0, nic1]
                  parameters: {mode: 802.3ad, mii-monitor-interval: 100, transmit-hash-policy: layer3+4}
                  addresses: [192.0.2.10/24, "2001:db8::10/64"]
                  gateway4: 192.0.2.1
                  gateway6: "2001:db8::1"
                  nameservers: {addresses: [192.0.2.53, "2001:db8::53"], search: [example.com]}
                  routes: [{to: 198.51.100.0/24, via: 192.0.2.254, metric: 100}]
              vlans:
                vlan42: {id: 42, link: bond0, dhcp4: true}
            """)
        #expect(config.interfaces.map(\.name) == ["lan0", "eth1", "bond0", "vlan42"])
        #expect(config.interface("lan0")?.macAddress == "52:54:00:12:34:56" && config.interface("lan0")?.mtu == 9000)
        #expect(config.interface("bond0")?.members == ["lan0", "eth1"])
        let files = Dictionary(uniqueKeysWithValues: NetworkManagerKeyfiles.render(config).map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
        let bond = try #require(files["/etc/NetworkManager/system-connections/flamingo-bond0.nmconnection"])
        #expect(bond.contains("[bond]\nmode=802.3ad\nmiimon=100\nxmit_hash_policy=layer3+4\n"))
        #expect(bond.contains("[ipv4]\nmethod=manual\nmay-fail=false\naddress1=192.0.2.10/24\ngateway=192.0.2.1\nroute1=198.51.100.0/24,192.0.2.254,100\ndns=192.0.2.53;\ndns-search=example.com;\n"))
        #expect(bond.contains("[ipv6]\nmethod=manual\nmay-fail=false\naddress1=2001:db8::10/64\ngateway=2001:db8::1\ndns=2001:db8::53;\n"))
        let member = try #require(files["/etc/NetworkManager/system-connections/flamingo-lan0.nmconnection"])
        #expect(member.contains("mac-address=52:54:00:12:34:56".uppercased().replacing("MAC-ADDRESS", with: "mac-address")))
        #expect(member.contains("slave-type=bond") && !member.contains("[ipv4]"))
        let vlan = try #require(files["/etc/NetworkManager/system-connections/flamingo-vlan42.nmconnection"])
        #expect(vlan.contains("[vlan]\nid=42\nparent=\(NetworkManagerKeyfiles.uuid(for: config.interface("bond0")!))\n"))
        #expect(vlan.contains("[ipv4]\nmethod=auto\n") && vlan.contains("[ipv6]\nmethod=ignore\n"))
        #expect(files.values.allSatisfy { _ in true })
        #expect(NetworkManagerKeyfiles.render(config).filter { $0.path.hasSuffix(".nmconnection") }.allSatisfy { $0.mode == FileMode(0o600) })
    }

    @Test func v1EveryEntryType() throws {
        let config = try config("""
            version: 1
            config:
              - type: physical
                name: eth0
                mac_address: "52:54:00:12:34:56"
                subnets:
                  - {type: static, address: 10.0.0.5/24, gateway: 10.0.0.1, dns_nameservers: [10.0.0.2]}
                  - {type: static6, address: "2001:db8::5/64", gateway: "2001:db8::1"}
                  - type: ipv6_dhcpv6-stateless
              - {type: physical, name: eth1, mac_address: "52:54:00:12:34:57", subnets: [{type: dhcp}]}
              - {type: bridge, name: br0, bridge_interfaces: [eth1], subnets: [{type: dhcp6}]}
              - {type: vlan, name: eth0.7, vlan_link: eth0, vlan_id: 7}
              - {type: nameserver, address: [1.1.1.1], search: [corp.example]}
              - {type: route, destination: 172.16.0.0/12, gateway: 10.0.0.254}
            """)
        #expect(config.interfaces.map(\.name) == ["eth0", "eth1", "br0", "eth0.7"])
        #expect(config.interface("eth0")?.subnets.map(\.method) == [.static4, .static6, .dhcpv6Stateless])
        #expect(config.interface("eth0")?.subnets[0].routes == [Route(destination: "172.16.0.0", prefix: 12, gateway: "10.0.0.254")])
        #expect(config.nameservers == ["1.1.1.1"] && config.searchDomains == ["corp.example"])
        #expect(config.interface("br0")?.members == ["eth1"])
    }

    /// cloud-init's CONFIG-V1-EXPLICIT-LOOPBACK: the `loopback` entry is the system's own lo; the
    /// rest is rendered (it failed the whole document).
    @Test func v1LoopbackEntriesAreTheSystemsOwn() throws {
        let config = try config("version: 1\nconfig:\n- {name: eth0, type: physical, subnets: [{control: auto, type: dhcp}]}\n- {name: lo, type: loopback, subnets: [{control: auto, type: loopback}]}\n")
        #expect(config.interfaces.map(\.name) == ["eth0"])
    }

    @Test func disabledAndUnknownFormats() {
        guard case .disabled? = parse("network:\n  config: disabled\n").0 else { Issue.record("not disabled"); return }
        #expect(parse("version: 3\n").1.first?.message.hasPrefix("cannot tell the format") == true)
    }

    @Test func v2ErrorsHaveLocations() {
        let (_, diagnostics) = parse("version: 2\nethernets:\n  e:\n    match: {macaddress: 'zz:zz'}\n    addresses: [10.0.0.1]\n")
        #expect(diagnostics.map(\.description) == [
            "network-config:4:25: error: ethernets.e.match.macaddress: \"zz:zz\" is not a MAC address",
            "network-config:5:17: error: ethernets.e.addresses[0]: expected ADDRESS/PREFIX",
        ])
    }

    @Test func theFallbackIsDHCPOnTheFirstPhysicalNIC() {
        let names = InterfaceNames(entries: [.init(name: "ens4", mac: "52:54:00:00:00:04", isPreferred: true),
                                             .init(name: "ens3", mac: "52:54:00:00:00:03", isPreferred: true),
                                             .init(name: "bond9", mac: "52:54:00:00:00:09", isPreferred: false)])
        let config = NetworkInput.fallback(names)
        #expect(config?.interfaces.map(\.name) == ["ens3"])
        #expect(config?.interfaces.first?.subnets.map(\.method) == [.dhcp4])
    }

    @Test func stableUUIDsAreStableAndWellFormed() {
        let uuid = StableUUID.make("flamingo:eth0:52:54:00:12:34:56")
        #expect(uuid == StableUUID.make("flamingo:eth0:52:54:00:12:34:56") && uuid != StableUUID.make("flamingo:eth1:"))
        #expect(uuid.count == 36 && Array(uuid)[14] == "8")
    }
}

@Suite struct NetworkRendererRegistryTests {
    /// Adding a renderer is one file plus one line in the registry: this notices a missing line.
    @Test func everyRendererFileIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.sources + "/Network/Renderers")
        let expected = Set(files.filter { $0.hasSuffix(".swift") && $0 != "NetworkRenderer.swift" }.map { String($0.dropLast(6)) })
        #expect(Set(NetworkRendererRegistry.all.map { String(describing: $0) }) == expected)
    }

    /// Detection asks the renderers themselves, in the registry's order: a sysroot with several
    /// stacks' files gets the first that says yes, and each says yes on its own stack.
    @Test func detectionFollowsTheRegistry() throws {
        let stacks: [String: [String: String]] = [
            "nm": ["usr/sbin/NetworkManager": ""],
            "networkd": ["etc/systemd/system/multi-user.target.wants/systemd-networkd.service": ""],
            "ifcfg": ["etc/sysconfig/network-scripts/ifcfg-lo": "", "usr/sbin/ifup": ""],
            "eni": ["etc/network/interfaces": "", "sbin/ifup": ""],
        ]
        for (name, files) in stacks {
            let root = TemporaryDirectory(files)
            #expect(RendererDetection.choose(try SysrootView(path: root.path), override: nil).renderer?.name == name)
        }
        let everything = TemporaryDirectory(stacks.values.reduce(into: [:]) { $0.merge($1) { a, _ in a } })
        #expect(RendererDetection.choose(try SysrootView(path: everything.path), override: nil).renderer?.name == NetworkRendererRegistry.all[0].name)
        // A stack whose files are there but which is not in use: ifupdown's file without ifup.
        let lingering = TemporaryDirectory(["etc/network/interfaces": ""])
        #expect(RendererDetection.choose(try SysrootView(path: lingering.path), override: nil).renderer == nil)
    }
}

/// A datasource says what it looks for: the message for an unknown drive lists every layout.
@Suite struct DatasourceLayoutTests {
    @Test func theMessageListsEveryRegisteredLayout() {
        for datasource in DatasourceRegistry.all { #expect(DatasourceRegistry.layouts.contains(datasource.layout)) }
        #expect(DatasourceRegistry.layouts == "meta-data, or openstack/<version>/meta_data.json")
    }
}

/// The networkd, ifcfg and ENI renderers on one configuration with a bond, a VLAN on it, static
/// addresses of both families, routes and DNS.
@Suite struct OtherRendererTests {
    static let config: NetworkConfig = {
        let text = """
            version: 2
            ethernets:
              e0: {match: {macaddress: "52:54:00:12:34:56"}}
              e1: {match: {macaddress: "52:54:00:12:34:57"}}
            bonds:
              bond0:
                interfaces: [e0, e1]
                parameters: {mode: "4", mii-monitor-interval: 100}
                addresses: [192.0.2.10/24, "2001:db8::10/64"]
                gateway4: 192.0.2.1
                nameservers: {addresses: [192.0.2.53]}
                routes: [{to: 198.51.100.0/24, via: 192.0.2.254}, {to: "2001:db8:1::/48", via: "2001:db8::1"}]
            vlans:
              bond0.42: {id: 42, link: bond0, dhcp4: true}
            """
        let (result, _) = NetworkInput.parse(RawInput(file: "n", bytes: Array(text.utf8)), format: nil, names: NetworkConfigTests.names)
        guard case .config(let config)? = result else { fatalError("fixture") }
        return config
    }()

    func files(_ renderer: any NetworkRenderer.Type) -> [String: String] {
        Dictionary(uniqueKeysWithValues: renderer.render(Self.config).map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    @Test func networkdWritesNetdevsAndMatchesNICsByMAC() throws {
        let files = files(SystemdNetworkd.self)
        #expect(files["/etc/systemd/network/10-flamingo-bond0.netdev"]?.contains("[NetDev]\nName=bond0\nKind=bond\n\n[Bond]\nMode=802.3ad\nMIIMonitorSec=100ms\n") == true)
        #expect(files["/etc/systemd/network/10-flamingo-bond0.42.netdev"]?.contains("Kind=vlan\n\n[VLAN]\nId=42\n") == true)
        let member = try #require(files["/etc/systemd/network/10-flamingo-eth0.network"])
        #expect(member.contains("[Match]\nMACAddress=52:54:00:12:34:56\nType=ether\n") && member.contains("Bond=bond0\n") && !member.contains("DHCP"))
        let bond = try #require(files["/etc/systemd/network/10-flamingo-bond0.network"])
        #expect(bond.contains("DHCP=no\nIPv6AcceptRA=no\nAddress=192.0.2.10/24\nGateway=192.0.2.1\nAddress=2001:db8::10/64\nDNS=192.0.2.53\nVLAN=bond0.42\n"))
        #expect(bond.contains("[Route]\nDestination=2001:db8:1::/48\nGateway=2001:db8::1\n"))
        #expect(files["/etc/systemd/network/10-flamingo-bond0.42.network"]?.contains("DHCP=ipv4") == true)
    }

    @Test func ifcfgBindsToHWADDRAndSplitsRoutesByFamily() throws {
        let files = files(SysconfigIfcfg.self)
        #expect(files["/etc/sysconfig/network-scripts/ifcfg-eth0"]?.contains("HWADDR=52:54:00:12:34:56\nMASTER=bond0\nSLAVE=yes\nBOOTPROTO=none\n") == true)
        let bond = try #require(files["/etc/sysconfig/network-scripts/ifcfg-bond0"])
        #expect(bond.contains("BONDING_OPTS=\"mode=802.3ad miimon=100\"") && bond.contains("IPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\n"))
        #expect(bond.contains("IPV6INIT=yes\nIPV6ADDR=2001:db8::10/64\nIPV6_AUTOCONF=no\n") && bond.contains("DNS1=192.0.2.53\n"))
        #expect(files["/etc/sysconfig/network-scripts/route-bond0"] == "# Written by flamingo\nADDRESS0=198.51.100.0\nNETMASK0=255.255.255.0\nGATEWAY0=192.0.2.254\n")
        #expect(files["/etc/sysconfig/network-scripts/route6-bond0"] == "# Written by flamingo\n2001:db8:1::/48 via 2001:db8::1\n")
        #expect(files["/etc/sysconfig/network-scripts/ifcfg-bond0.42"]?.contains("VLAN=yes\nPHYSDEV=bond0\n") == true)
    }

    @Test func setNameBecomesALinkFileExceptForIfcfg() throws {
        let text = """
            version: 2
            ethernets:
              uplink: {match: {macaddress: "52:54:00:12:34:57"}, set-name: wan0, dhcp4: true}
              plain: {match: {macaddress: "52:54:00:12:34:56"}, dhcp4: true}
            """
        let (result, _) = NetworkInput.parse(RawInput(file: "n", bytes: Array(text.utf8)), format: nil, names: NetworkConfigTests.names)
        guard case .config(let config)? = result else { throw NetworkError("no config") }
        let link = "/etc/systemd/network/10-flamingo-wan0.link"
        for renderer in [NetworkManagerKeyfiles.self, SystemdNetworkd.self, InterfacesFile.self] as [any NetworkRenderer.Type] {
            let files = renderer.render(config).filter { $0.path.hasSuffix(".link") }
            #expect(files.map(\.path) == [link], "\(renderer)")
            let contents = String(decoding: files.first?.contents ?? [], as: UTF8.self)
            #expect(contents.contains("[Match]\nMACAddress=52:54:00:12:34:57\nType=ether\n\n[Link]\nName=wan0\n"))
        }
        // initscripts rename by HWADDR + DEVICE themselves.
        let ifcfg = SysconfigIfcfg.render(config)
        #expect(!ifcfg.contains { $0.path.hasSuffix(".link") })
        let wan0 = try #require(ifcfg.first { $0.path.hasSuffix("ifcfg-wan0") })
        #expect(String(decoding: wan0.contents, as: UTF8.self).contains("DEVICE=wan0\nONBOOT=yes\nTYPE=Ethernet\nHWADDR=52:54:00:12:34:57\n"))
    }

    @Test func ifcfgWritesResolvConfAndKeepsRouterAdvertisementsForDHCPv6() throws {
        let resolv = try #require(files(SysconfigIfcfg.self)["/etc/resolv.conf"])
        #expect(resolv.hasSuffix("nameserver 192.0.2.53\n") && resolv.hasPrefix("# Written by flamingo"))
        #expect(SysconfigIfcfg.ipv6Methods([.dhcp6]) == ["IPV6_AUTOCONF=yes", "DHCPV6C=yes"])
        #expect(SysconfigIfcfg.ipv6Methods([.dhcpv6Stateful]) == ["IPV6_AUTOCONF=no", "IPV6_FORCE_ACCEPT_RA=yes", "DHCPV6C=yes"])
        #expect(SysconfigIfcfg.ipv6Methods([.dhcpv6Stateless]) == ["IPV6_AUTOCONF=yes", "DHCPV6C=yes", "DHCPV6C_OPTIONS=-S"])
        #expect(SysconfigIfcfg.ipv6Methods([.static6]) == ["IPV6_AUTOCONF=no"])
        var noDNS = NetworkConfig()
        noDNS.interfaces = [NetworkInterface(name: "eth0", kind: .physical)]
        #expect(SysconfigIfcfg.resolvConf(noDNS) == nil)
    }

    @Test func eniStanzasPerFamily() throws {
        let text = try #require(files(InterfacesFile.self)["/etc/network/interfaces.d/50-flamingo.cfg"])
        #expect(text.contains("auto eth0\niface eth0 inet manual\n    bond-master bond0\n"))
        #expect(text.contains("auto bond0\niface bond0 inet static\n    bond-slaves eth0 eth1\n    bond-mode 802.3ad\n    bond-miimon 100\n    address 192.0.2.10/24\n    gateway 192.0.2.1\n    dns-nameservers 192.0.2.53\n"))
        #expect(text.contains("iface bond0 inet6 static\n    address 2001:db8::10/64\n"))
        #expect(text.contains("auto bond0.42\niface bond0.42 inet dhcp\n    vlan-raw-device bond0\n    vlan-id 42\n"))
    }
}
