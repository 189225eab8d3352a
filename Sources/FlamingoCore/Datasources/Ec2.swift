/// Amazon EC2's instance metadata service (IMDS) at 169.254.169.254, as cloud-init's `Ec2`
/// datasource reads it: IMDSv2 (a session token from `PUT /latest/api/token`, then every request
/// with it); the token-less IMDSv1 only when the operator allows it (`flamingo.ec2.imdsv1=1`).
/// Reads the instance id, `local-hostname`, the public keys, user-data, and the per-MAC network
/// description, which becomes a network config v2 as cloud-init builds it.
public enum Ec2: MetadataService {
    public static let name = "Ec2"
    public static let identifiedBy = "DMI product UUID and serial both starting with ec2 (equal, ignoring case), or a Xen hypervisor UUID starting with ec2"

    /// The metadata version read (cloud-init's newest), else `latest`.
    static let version = "2021-03-23"
    static let tokenTTLSeconds = "21600"

    public static func identifies(_ machine: MachineIdentity) -> Bool {
        let uuid = machine.productUUID.lowercased(), serial = machine.productSerial.lowercased()
        if uuid.hasPrefix("ec2") && serial.hasPrefix("ec2") && uuid == serial { return true }
        return machine.hypervisorUUID.lowercased().hasPrefix("ec2")
    }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        try authenticate(client, allowV1: machine.allowsIMDSv1)
        var root = "/\(version)"
        guard let instanceID = try client.text("\(root)/meta-data/instance-id") ?? {
            root = "/latest"
            return try client.text("\(root)/meta-data/instance-id")
        }() else {
            throw Diagnostic(.error, file: client.base.appending("/latest/meta-data/instance-id").description, mark: nil,
                             "not found: the service gives no instance id")
        }
        var instance = InstanceData(datasource: name, source: client.base.description)
        instance.instanceID = instanceID
        instance.localHostname = try client.text("\(root)/meta-data/local-hostname").map { $0.trimmingWhitespace() }
        instance.publicKeys = try publicKeys(client, root: root)
        instance.userData = try client.get("\(root)/user-data", limit: DriveContents.fileLimit)
        let (network, diagnostics) = try networkConfig(client, root: root, interfaces: machine.interfaces)
        instance.networkConfig = network
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }

    /// IMDSv2's token, sent with every later request; IMDSv1 (no token) only when allowed.
    static func authenticate(_ client: MetadataClient, allowV1: Bool) throws {
        let response = try client.exchange("PUT", "/latest/api/token", extraHeaders: [("X-aws-ec2-metadata-token-ttl-seconds", tokenTTLSeconds)])
        let url = client.base.appending("/latest/api/token").description
        if response.status == 200, !response.body.isEmpty {
            let token = String(decoding: response.body, as: UTF8.self).trimmingWhitespace()
            // It goes into a header of every later request: nothing that could end the header.
            guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                throw Diagnostic(.error, file: url, mark: nil, "the session token holds characters a header cannot carry")
            }
            client.headers.append(("X-aws-ec2-metadata-token", token))
            return
        }
        guard allowV1 else {
            throw Diagnostic(.error, file: url, mark: nil,
                             "no IMDSv2 session token (\(response.status) \(response.reason)); IMDSv1 is not used unless flamingo.ec2.imdsv1=1 allows it")
        }
        // Allowed: go on without a token (the service answers v1 requests, or refuses them).
    }

    /// `public-keys/` lists `0=name`; each key is at `public-keys/N/openssh-key` (one or more lines).
    static func publicKeys(_ client: MetadataClient, root: String) throws -> [String] {
        guard let listing = try client.text("\(root)/meta-data/public-keys/") else { return [] }
        var keys: [String] = []
        for line in listing.split(whereSeparator: \.isNewline) {
            guard let index = line.split(separator: "=", maxSplits: 1).first, Int(index) != nil else { continue }
            guard let text = try client.text("\(root)/meta-data/public-keys/\(index)/openssh-key") else { continue }
            for key in text.split(whereSeparator: \.isNewline).map({ $0.trimmingWhitespace() }) where !key.isEmpty && !keys.contains(key) {
                keys.append(key)
            }
        }
        return keys
    }

    /// cloud-init's `convert_ec2_metadata_network_config`: every NIC of this machine the metadata
    /// describes gets DHCPv4 (DHCPv6 too when it has IPv6 addresses), matched by MAC and named as
    /// it is now; secondary addresses become static ones with the subnet's prefix; with several
    /// NICs, route metrics (device-number + 1) × 100 order their default routes (a NIC without
    /// device-number: the previous NIC's metric + 100, as cloud-init counts).
    static func networkConfig(_ client: MetadataClient, root: String,
                              interfaces: [NetworkLink]) throws -> (RawInput?, [Diagnostic]) {
        let macsPath = "\(root)/meta-data/network/interfaces/macs/"
        guard let listing = try client.text(macsPath) else { return (nil, []) }
        let described = Set(listing.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace().trimmingSuffix("/").lowercased() })
        var diagnostics: [Diagnostic] = []
        var ethernets: [(String, JSONValue)] = []
        var index = 0  // cloud-init's nic_idx: a NIC without device-number takes the previous one's + 1
        for interface in interfaces.sorted(by: { $0.mac < $1.mac }) where described.contains(interface.mac) {
            let base = macsPath + interface.mac + "/"
            func lines(_ name: String) throws -> [String] {
                (try client.text(base + name))?.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } ?? []
            }
            if let number = try lines("device-number").first {
                if let deviceNumber = Int(number), deviceNumber >= 0 {
                    index = deviceNumber + 1
                } else {
                    index += 1
                    diagnostics.append(Diagnostic(.warning, file: client.base.appending(base + "device-number").description, mark: nil,
                                                  "\(interface.mac)'s device-number '\(number)' is not a number: route metric \(index * 100) after the previous NIC's"))
                }
            } else {
                index += 1
            }
            let metric = JSONValue.object([("route-metric", .number(Double(index * 100)))])
            let ipv4s = try lines("local-ipv4s"), ipv6s = try lines("ipv6s")
            var device: [(String, JSONValue)] = [
                ("dhcp4", .bool(true)),
                ("dhcp4-overrides", metric),
                ("dhcp6", .bool(!ipv6s.isEmpty)),
            ]
            if !ipv6s.isEmpty { device.append(("dhcp6-overrides", metric)) }
            device.append(("match", .object([("macaddress", .string(interface.mac))])))
            device.append(("set-name", .string(interface.name)))
            var addresses: [String] = []
            func secondary(_ ips: [String], cidrKey: String, defaultPrefix: String) throws {
                guard ips.count > 1 else { return }
                var prefix = defaultPrefix
                if let cidr = try lines(cidrKey).first, cidr.split(separator: "/").count == 2 {
                    prefix = String(cidr.split(separator: "/")[1])
                } else {
                    diagnostics.append(Diagnostic(.warning, file: client.base.appending(base + cidrKey).description, mark: nil,
                                                  "no subnet for \(interface.mac)'s secondary addresses: /\(defaultPrefix) assumed, as cloud-init does"))
                }
                addresses += ips.dropFirst().map { "\($0)/\(prefix)" }
            }
            try secondary(ipv4s, cidrKey: "subnet-ipv4-cidr-block", defaultPrefix: "24")
            try secondary(ipv6s, cidrKey: "subnet-ipv6-cidr-blocks", defaultPrefix: "128")
            if !addresses.isEmpty { device.append(("addresses", .array(addresses.sorted().map { .string($0) }))) }
            ethernets.append((interface.name, .object(device)))
        }
        guard !ethernets.isEmpty else { return (nil, diagnostics) }
        if ethernets.count == 1, case .object(let fields) = ethernets[0].1 {
            ethernets[0].1 = .object(fields.filter { $0.0 != "dhcp4-overrides" && $0.0 != "dhcp6-overrides" })
        }
        let config = JSONValue.object([("version", .number(2)), ("ethernets", .object(ethernets))])
        return (RawInput(file: client.base.appending(macsPath).description + " (as network config v2)", bytes: config.bytes()), diagnostics)
    }
}
