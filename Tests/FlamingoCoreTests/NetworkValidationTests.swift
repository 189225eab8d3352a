import Testing
@testable import FlamingoCore

/// Nothing from a network description may add a line, a field or a path component to a file a
/// renderer writes: each of these inputs wrote one before.
@Suite struct NetworkValidationTests {
    func parse(_ text: String) -> (NetworkInput.Result?, [String]) {
        let (result, diagnostics) = NetworkInput.parse(RawInput(file: "network-config", bytes: Array(text.utf8)), format: nil,
                                                       names: NetworkConfigTests.names)
        return (result, diagnostics.map(\.description))
    }

    @Test func anInterfaceNameThatIsAPathIsRefused() {
        let (result, messages) = parse("version: 1\nconfig:\n  - {type: physical, name: ../../../../cron.d/x, subnets: [{type: dhcp}]}\n")
        #expect(result == nil)
        #expect(messages.contains { $0.contains("interface name \"../../../../cron.d/x\"") && $0.contains("not rendered") })
        for bad in ["a/b", ".", "..", "eth0:1", "eth 0", "sixteen-bytes-xx", "", "e\nx"] {
            #expect(NetworkValidation.interfaceNameProblem(bad) != nil, "\(bad)")
        }
        for good in ["eth0", "ens3", "bond0", "br-lan", "eth0.101", "vlan_7", "fifteen-bytes-x"] {
            #expect(NetworkValidation.interfaceNameProblem(good) == nil, "\(good)")
        }
    }

    @Test func lineBreaksInDNSValuesAreRefusedCRLFIncluded() {
        for value in ["1.1.1.1\\noptions evil", "1.1.1.1\\r\\noptions evil", "8.8.8.8 9.9.9.9", "$(reboot)"] {
            let (result, messages) = parse("""
                version: 2
                ethernets:
                  eth0:
                    dhcp4: true
                    nameservers: {addresses: ["\(value)"]}
                """)
            #expect(result == nil, "\(value)")
            #expect(messages.contains { $0.contains("DNS server") }, "\(value)")
        }
        let (result, messages) = parse("version: 1\nconfig:\n  - {type: nameserver, address: [1.1.1.1], search: [\"example.com\\r\\nnameserver 6.6.6.6\"]}\n")
        #expect(result == nil)
        #expect(messages.contains { $0.contains("search domain \"example.com\\r\\nnameserver 6.6.6.6\"") })
    }

    @Test func ordinaryValuesPass() {
        let (result, messages) = parse("""
            version: 2
            ethernets:
              eth0:
                addresses: [192.0.2.10/24, "2001:db8::10/64"]
                gateway4: 192.0.2.1
                nameservers: {addresses: [192.0.2.53, "fe80::1%eth0"], search: [example.com, lab.example.org]}
            bonds:
              bond0:
                interfaces: [eth1]
                parameters: {mode: 802.3ad, transmit-hash-policy: layer3+4}
            """)
        #expect(messages.filter { $0.contains("error") }.isEmpty, "\(messages)")
        #expect(result != nil)
    }
}
