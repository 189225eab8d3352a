import Foundation
import Testing
@testable import FlamingoCore

/// OpenStack network_data.json → the network model, on the real-world documents from cloud-init's
/// test suite (Fixtures/network-data-json, copied from ../shared/data with its README) with the
/// MAC map those tests use.
@Suite struct NetworkDataTests {
    static let names = try! InterfaceNames(arguments: [
        "oeth0=0c:c4:7a:34:6e:3c", "oeth1=0C:C4:7A:34:6E:3D", "enp0s1=fa:16:3e:69:b0:58", "enp0s2=fa:16:3e:d4:57:ad",
        "foo1=fa:16:3e:dd:50:9a", "foo2=fa:16:3e:a8:14:69",
    ])

    func parse(_ name: String) throws -> (NetworkConfig, [Diagnostic]) {
        let path = Fixtures.path("network-data-json/" + name)
        let bytes = try FileDescriptor.open(path).readAll(limit: 1 << 20)
        return OpenStackNetworkData.parse(try Document.parse(RawInput(file: name, bytes: bytes), as: .json), names: Self.names)
    }

    /// IPv6 networks without a netmask (or with `""`) are /64, and a network's own
    /// `dns_nameservers`/`dns_search` count — as cloud-init 22.4's net-convert renders them.
    @Test func ipv6WithoutANetmaskAndANetworksOwnDNS() throws {
        let json = """
            {"links": [{"id": "tap1", "type": "phy", "ethernet_mac_address": "fa:16:3e:69:b0:58"}],
             "networks": [{"id": "n1", "link": "tap1", "type": "ipv6", "ip_address": "2001:db8::5", "netmask": "",
                           "dns_nameservers": ["2001:db8::53"], "dns_search": ["example.org"]},
                          {"id": "n2", "link": "tap1", "type": "ipv6", "ip_address": "2001:db8:1::5"}]}
            """
        let (config, diagnostics) = OpenStackNetworkData.parse(try Document.parse(RawInput(file: "network_data.json", bytes: Array(json.utf8)), as: .json),
                                                              names: Self.names)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let subnets = try #require(config.interface("enp0s1")).subnets
        #expect(subnets.map(\.prefix) == [64, 64])
        #expect(subnets[0].dnsServers == ["2001:db8::53"] && subnets[0].dnsSearch == ["example.org"])
    }

    @Test func aBondOfTwoNICsWithTwoVLANs() throws {
        let (config, diagnostics) = try parse("bond-vlans.json")
        #expect(diagnostics.isEmpty)
        #expect(config.interfaces.map(\.name) == ["oeth0", "oeth1", "bond0", "bond0.602", "bond0.612"])
        let bond = try #require(config.interface("bond0"))
        guard case .bond(let settings) = bond.kind else { Issue.record("not a bond"); return }
        #expect(settings.mode == "4" && settings.miimon == 100 && settings.xmitHashPolicy == "layer3+4")
        #expect(bond.members == ["oeth0", "oeth1"] && bond.subnets.isEmpty)
        let vlan = try #require(config.interface("bond0.602"))
        #expect(vlan.kind == .vlan(id: 602, link: "bond0"))
        #expect(vlan.macAddress == "fa:16:3e:b3:72:30")
        #expect(vlan.subnets.first?.address == "2.2.2.13" && vlan.subnets.first?.prefix == 29)
        #expect(vlan.subnets.first?.routes == [Route(destination: "0.0.0.0", prefix: 0, gateway: "2.2.2.9")])
        #expect(config.interface("oeth1")?.macAddress == "0c:c4:7a:34:6e:3d" && config.interface("oeth1")?.mtu == 1500)
        #expect(config.nameservers == ["1.1.1.191", "1.1.1.4"])
    }

    @Test func aVLANOnANIC() throws {
        let (config, diagnostics) = try parse("vlan.json")
        #expect(diagnostics.isEmpty)
        #expect(config.interfaces.map(\.name) == ["enp0s1", "enp0s1.602"])
        #expect(config.interface("enp0s1.602")?.subnets.first?.routes.first == Route(destination: "192.168.1.0", prefix: 32, gateway: "10.0.1.1"))
    }

    @Test func mixedIPv4AndIPv6OnTapLinksWithNullFields() throws {
        let (config, diagnostics) = try parse("ipv6-mixed.json")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let foo1 = try #require(config.interface("foo1"))
        #expect(foo1.mtu == nil)
        #expect(foo1.subnets.map(\.method) == [.static4, .static6])
        #expect(foo1.subnets[1].address == "fdb8:52d0:9d14:0:f816:3eff:fe9f:70d" && foo1.subnets[1].prefix == 64)
        #expect(foo1.subnets[1].routes == [Route(destination: "::", prefix: 0, gateway: "fdb8:52d0:9d14::1")])
        #expect(config.interface("foo2")?.subnets.first?.routes.count == 2)
    }

    @Test func everyOpenStackNetworkType() throws {
        let text = """
            {"links": [{"id": "l", "type": "phy", "ethernet_mac_address": "FA:16:3E:69:B0:58"}],
             "networks": [
               {"link": "l", "type": "ipv4_dhcp"}, {"link": "l", "type": "ipv6_dhcp"}, {"link": "l", "type": "ipv6_slaac"},
               {"link": "l", "type": "ipv6_dhcpv6-stateless"}, {"link": "l", "type": "ipv6_dhcpv6-stateful"},
               {"link": "l", "type": "ipv6", "ip_address": "2001:db8::5/64", "services": [{"type": "dns", "address": "2001:db8::53"}]}]}
            """
        let (config, diagnostics) = OpenStackNetworkData.parse(try Document.parse(RawInput(file: "n", bytes: Array(text.utf8)), as: .json), names: Self.names)
        #expect(diagnostics.isEmpty)
        #expect(config.interface("enp0s1")?.subnets.map(\.method) == [.dhcp4, .dhcp6, .slaac, .dhcpv6Stateless, .dhcpv6Stateful, .static6])
        #expect(config.interface("enp0s1")?.subnets.last?.prefix == 64)
        #expect(config.interface("enp0s1")?.subnets.last?.dnsServers == ["2001:db8::53"])
    }

    @Test func errorsNameTheLocationAndTheMAC() throws {
        let text = """
            {"links": [{"id": "l", "type": "phy", "ethernet_mac_address": "02:00:00:00:00:99"}],
             "networks": [{"link": "l", "type": "ipv9"}, {"link": "nowhere", "type": "ipv4_dhcp"}]}
            """
        let (_, diagnostics) = OpenStackNetworkData.parse(try Document.parse(RawInput(file: "network_data.json", bytes: Array(text.utf8)), as: .json), names: Self.names)
        let first = diagnostics.first?.description ?? ""
        #expect(first.hasPrefix("network_data.json:1:63: error: links[0].ethernet_mac_address: no interface has the MAC address 02:00:00:00:00:99"), "\(first)")
        #expect(diagnostics.contains { $0.keyPath.description == "networks[1].link" && $0.severity == .warning && $0.message == "\"nowhere\" names no link; this network is not configured" })
    }

    @Test func macMatchingPrefersThePhysicalDevice() throws {
        let names = InterfaceNames(entries: [
            .init(name: "bond0", mac: "52:54:00:00:00:01", isPreferred: false),
            .init(name: "eth0", mac: "52:54:00:00:00:01", isPreferred: true),
            .init(name: "eth0v1", mac: "52:54:00:00:00:02", isPreferred: false),
        ])
        #expect(try names.name(for: "52:54:00:00:00:01") == "eth0")
        #expect(try names.name(for: "52-54-00-00-00-02") == "eth0v1")
        let ambiguous = InterfaceNames(entries: [.init(name: "a", mac: "52:54:00:00:00:03", isPreferred: true),
                                                 .init(name: "b", mac: "52:54:00:00:00:03", isPreferred: true)])
        #expect(throws: NetworkError.self) { try ambiguous.name(for: "52:54:00:00:00:03") }
    }

    @Test(arguments: [("255.255.255.248", 29), ("0.0.0.0", 0), ("255.255.255.255", 32), ("ffff:ffff:ffff:ffff::", 64), ("::", 0)] as [(String, Int)])
    func netmasksBecomePrefixes(netmask: String, prefix: Int) {
        #expect(IPAddress.prefix(ofNetmask: netmask) == prefix)
    }

    @Test func nonContiguousNetmasksAndBadAddressesAreRefused() {
        #expect(IPAddress.prefix(ofNetmask: "255.0.255.0") == nil)
        #expect(!IPAddress.isIPv6("2001:db8::1::2") && !IPAddress.isIPv4("10.0.0.256") && IPAddress.isIPv6("::ffff:10.0.0.1"))
    }
}
