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
        #expect(NetworkManagerKeyfiles.render(config).allSatisfy { $0.mode == FileMode(0o600) })
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
}
