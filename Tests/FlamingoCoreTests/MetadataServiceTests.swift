import Testing
@testable import FlamingoCore

/// The pieces of the metadata services that need no network: URLs, HTTP answers, DHCP messages,
/// which cloud a machine's DMI strings name, the `ds=` seed, GCE's ssh-keys.
/// (Each service against a fake of its cloud: Tests/metadata/services.sh; in a boot: Tests/boot.)
@Suite struct MetadataServiceTests {
    // MARK: URLs

    @Test func urlsAreHTTPWithAnAddressPortAndPath() throws {
        let url = try HTTPURL(parsing: "http://169.254.169.254/latest/meta-data/")
        #expect(url.host == "169.254.169.254" && url.port == 80 && url.path == "/latest/meta-data/")
        #expect(url.appending("instance-id").path == "/latest/meta-data/instance-id")
        #expect(url.appending("/openstack/").path == "/openstack/")
        let seed = try HTTPURL(parsing: "http://10.0.2.2:8000/seed")
        #expect(seed.port == 8000 && seed.hostHeader == "10.0.2.2:8000" && seed.appending("meta-data").path == "/meta-data")
        #expect(try HTTPURL(parsing: "http://10.0.0.1").path == "/")
        #expect(url.isSameService(as: url.appending("/x")) && !url.isSameService(as: seed))
    }

    @Test func unsupportedURLsAreRefusedSayingWhy() {
        func message(_ text: String) -> String {
            do { _ = try HTTPURL(parsing: text); return "accepted" } catch { return "\(error)" }
        }
        #expect(message("https://169.254.169.254/").contains("https is not supported"))
        #expect(message("http://user:pw@10.0.0.1/").contains("credentials"))
        #expect(message("http://10.0.0.1:99999/").contains("port"))
        #expect(message("ftp://10.0.0.1/").contains("expected an http:// URL"))
        #expect(message("http://10.0.0.1/a b").contains("printable ASCII"))
    }

    // MARK: HTTP answers

    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func answersAreReadByLengthChunksOrTheEndOfTheStream() throws {
        let byLength = try #require(try HTTPResponse.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello"), ended: false, bodyLimit: 100))
        #expect(byLength.status == 200 && byLength.body == bytes("hello") && byLength.header("x-a") == "b")
        #expect(try HTTPResponse.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"), ended: false, bodyLimit: 100) == nil)
        let chunked = try #require(try HTTPResponse.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"),
                                                          ended: false, bodyLimit: 100))
        #expect(chunked.body == bytes("abcde"))
        let toTheEnd = try #require(try HTTPResponse.parse(bytes("HTTP/1.0 404 Not Found\r\n\r\nnope"), ended: true, bodyLimit: 100))
        #expect(toTheEnd.status == 404 && toTheEnd.reason == "Not Found" && toTheEnd.body == bytes("nope"))
    }

    @Test func malformedShortOrOversizedAnswersThrow() {
        func message(_ text: String, ended: Bool = true, limit: Int = 100) -> String? {
            do { _ = try HTTPResponse.parse(bytes(text), ended: ended, bodyLimit: limit); return nil } catch { return "\(error)" }
        }
        #expect(message("\u{0}garbage\r\n\r\n")?.contains("not an HTTP response") == true)
        #expect(message("")?.contains("closed the connection without answering") == true)
        #expect(message("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")?.contains("ended after 3 of 10 bytes") == true)
        #expect(message("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", ended: false)?.contains("over the 100-byte limit") == true)
        #expect(message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfff\r\n")?.contains("limit") == true)
        #expect(message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "x", count: 2000), ended: false)?.contains("limit") == true)
        // An unfinished chunked body waits for more.
        #expect(message("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", ended: false) == nil)
        #expect(message("HTTP/1.1 200 OK\r\nbroken header\r\n\r\n")?.contains("malformed header") == true)
        #expect(message(String(repeating: "x", count: HTTPResponse.headLimit + 10), ended: false)?.contains("head is over") == true)
    }

    /// An answer the connection's end cut short may pass (the client tries again); a malformed
    /// or oversized one would come back the same.
    @Test func onlyAnswersCutShortMayPass() {
        func cutShort(_ text: String, ended: Bool = true) -> Bool? {
            do { _ = try HTTPResponse.parse(bytes(text), ended: ended, bodyLimit: 100); return nil } catch let error as HTTPResponse.Malformed {
                return error.cutShort
            } catch { return nil }
        }
        #expect(cutShort("") == true)
        #expect(cutShort("HTTP/1.1 200 OK\r\nContent-Le") == true)
        #expect(cutShort("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") == true)
        #expect(cutShort("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n") == true)
        #expect(cutShort("\u{0}garbage\r\n\r\n") == false)
        #expect(cutShort("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", ended: false) == false)
    }

    /// A URL's query may carry a credential: messages, logs and the record show it as `?…`.
    @Test func aQueryIsNeverShown() throws {
        let url = try HTTPURL(parsing: "http://10.0.0.1:8080/files/motd?sig=SECRET&exp=1")
        #expect(url.description == "http://10.0.0.1:8080/files/motd?…" && url.shownPath == "/files/motd?…")
        #expect(url.fullText == "http://10.0.0.1:8080/files/motd?sig=SECRET&exp=1")
        #expect(url.path == "/files/motd?sig=SECRET&exp=1")  // what the request line carries
        #expect(HTTPURL(host: "169.254.169.254", path: "/latest/").description == "http://169.254.169.254/latest/")
    }

    // MARK: The primary NIC

    /// cloud-init's order (`find_candidate_nics_on_linux` for NICs not yet up): eth0, then the
    /// natural order of names; physical NICs before virtual ones.
    @Test func thePrimaryNICIsCloudInitsChoice() {
        func order(_ names: [String]) -> [String] { PrimaryInterface.ordered(names, name: { $0 }) }
        #expect(order(["eth1", "ens10", "eth0", "ens9"]) == ["eth0", "ens9", "ens10", "eth1"])
        #expect(order(["eth10", "eth2", "ETH3"]) == ["eth2", "ETH3", "eth10"])
        #expect(order(["enp0s31f6", "enp0s3"]) == ["enp0s3", "enp0s31f6"])
        #expect(order(["ens5", "ens5a", "ens"]) == ["ens", "ens5", "ens5a"])
        let links = [NetworkLink(name: "veth0", mac: "02:00:00:00:00:01", index: 2, isPhysical: false),
                     NetworkLink(name: "ens6", mac: "02:00:00:00:00:03", index: 4, isPhysical: true),
                     NetworkLink(name: "ens5", mac: "02:00:00:00:00:02", index: 3, isPhysical: true)]
        #expect(EphemeralNetwork.primaryInterface(of: links)?.name == "ens5")
        #expect(EphemeralNetwork.primaryInterface(of: [links[0]])?.name == "veth0")  // no physical NIC: the others
        #expect(EphemeralNetwork.primaryInterface(of: []) == nil)
        let names = try? InterfaceNames(arguments: ["ens4=02:00:00:00:00:04", "eth0=02:00:00:00:00:05"])
        #expect(names.flatMap { NetworkInput.fallback($0) }?.interfaces.first?.name == "eth0")
    }

    // MARK: Base64 when it is (Hetzner's user-data)

    /// Python's `b64decode(validate=True)`, as cloud-init's `maybe_b64decode` uses it.
    @Test func strictBase64IsPythonsValidatingDecoder() {
        func decoded(_ text: String) -> String? { Base64.decodeStrictly(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } }
        #expect(decoded("aGVsbG8=") == "hello")
        #expect(decoded("YQ==") == "a")
        #expect(decoded("") == "")
        #expect(decoded("aGVs\nbG8=") == nil)   // a line break: "Only base64 data is allowed"
        #expect(decoded("aGVsbG8") == nil)       // "Incorrect padding"
        #expect(decoded("aGVs=bG8=") == nil)     // "Discontinuous padding not allowed"
        #expect(decoded("ab==cd==") == nil)      // "Excess data after padding"
        #expect(decoded("#cloud-config\n") == nil)
    }

    @Test func requestsCarryTheirHeadersAndMayCloseTheConnection() {
        let request = String(decoding: HTTPMessage.request(method: "PUT", url: HTTPURL(host: "169.254.169.254", path: "/latest/api/token"),
                                                           headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]), as: UTF8.self)
        #expect(request.hasPrefix("PUT /latest/api/token HTTP/1.1\r\nHost: 169.254.169.254\r\n"))
        #expect(!request.contains("Connection:") && request.contains("X-aws-ec2-metadata-token-ttl-seconds: 21600\r\n"))
        #expect(request.hasSuffix("Content-Length: 0\r\n\r\n"))
        let closing = String(decoding: HTTPMessage.request(method: "GET", url: HTTPURL(host: "10.0.0.1"), headers: [], close: true), as: UTF8.self)
        #expect(closing.contains("Connection: close\r\n") && !closing.contains("Content-Length"))
    }

    // MARK: DHCP

    /// A server's reply to `request`: BOOTREPLY, the same xid and MAC, `options` (code, bytes).
    func reply(to request: [UInt8], kind: DHCPMessage.Kind, yiaddr: [UInt8], options: [(UInt8, [UInt8])]) -> [UInt8] {
        var bytes = Array(request[0..<236])
        bytes[0] = 2
        bytes.replaceSubrange(16..<20, with: yiaddr)
        bytes += DHCPMessage.magicCookie + [53, 1, kind.rawValue]
        for (code, value) in options { bytes += [code, UInt8(value.count)] + value }
        return bytes + [255]
    }

    @Test func discoverAndRequestAreWellFormedAndAnOfferIsRead() throws {
        let mac: [UInt8] = [0x52, 0x54, 0, 0x12, 0x34, 0x56]
        let discover = DHCPMessage.build(.discover, transactionID: 0xdeadbeef, hardwareAddress: mac)
        #expect(discover.count >= 300 && discover[0] == 1 && discover[10] == 0x80)
        #expect(Array(discover[4..<8]) == [0xde, 0xad, 0xbe, 0xef] && Array(discover[28..<34]) == mac)
        #expect(Array(discover[236..<243]) == DHCPMessage.magicCookie + [53, 1, 1])
        let offer = try #require(DHCPMessage.parse(reply(to: discover, kind: .offer, yiaddr: [169, 254, 0, 15], options: [
            (1, [255, 255, 0, 0]), (3, [169, 254, 0, 2]), (54, [169, 254, 0, 2]), (51, [0, 0, 0x0e, 0x10]), (6, [169, 254, 0, 3, 1, 1, 1, 1]),
        ])))
        #expect(offer.kind == .offer && offer.transactionID == 0xdeadbeef && offer.hardwareAddress == mac)
        #expect(offer.yourAddress == IPv4Address(169, 254, 0, 15) && offer.subnetMask?.prefixLength == 16)
        #expect(offer.routers == [IPv4Address(169, 254, 0, 2)] && offer.serverIdentifier == IPv4Address(169, 254, 0, 2))
        #expect(offer.leaseSeconds == 3600 && offer.dnsServers.count == 2)
        let request = DHCPMessage.build(.request, transactionID: 0xdeadbeef, hardwareAddress: mac,
                                        requesting: offer.yourAddress, server: offer.serverIdentifier)
        let parsedOptions = String(describing: Array(request[240...]))
        #expect(parsedOptions.contains("50, 4, 169, 254, 0, 15") && parsedOptions.contains("54, 4, 169, 254, 0, 2"))
    }

    @Test func classlessRoutesAreReadAndBadRepliesIgnored() throws {
        let mac: [UInt8] = [2, 0, 0, 0, 0, 1]
        let discover = DHCPMessage.build(.discover, transactionID: 7, hardwareAddress: mac)
        // GCE-like: 10.128.0.1/32 on the link, then the default route through it.
        let ack = try #require(DHCPMessage.parse(reply(to: discover, kind: .ack, yiaddr: [10, 128, 0, 5], options: [
            (1, [255, 255, 255, 255]), (121, [32, 10, 128, 0, 1, 0, 0, 0, 0, 0, 10, 128, 0, 1]),
        ])))
        let routes = try #require(ack.classlessRoutes)
        #expect(routes.count == 2)
        #expect(routes[0].destination == IPv4Address(10, 128, 0, 1) && routes[0].prefix == 32 && routes[0].router == .any)
        #expect(routes[1].destination == .any && routes[1].prefix == 0 && routes[1].router == IPv4Address(10, 128, 0, 1))
        #expect(DHCPMessage.parse(Array(discover.prefix(100))) == nil)
        #expect(DHCPMessage.parse(discover) == nil)  // a BOOTREQUEST is no reply
        var truncated = reply(to: discover, kind: .offer, yiaddr: [10, 0, 0, 2], options: [(1, [255, 255, 255, 0])])
        truncated.removeLast(4)
        truncated += [3, 200]  // an option longer than what is left
        #expect(DHCPMessage.parse(truncated) == nil)
    }

    @Test func addressesAndNetmasks() {
        #expect(IPv4Address("169.254.169.254")?.isLinkLocal == true)
        #expect(IPv4Address("1.2.3") == nil && IPv4Address("1.2.3.256") == nil && IPv4Address("01.2.3.4") == nil)
        #expect(IPv4Address(netmaskOfPrefix: 20).description == "255.255.240.0")
        #expect(IPv4Address("255.255.0.255")?.prefixLength == nil)
        #expect(EphemeralNetwork.sameSubnet(IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 200), prefix: 24))
        #expect(!EphemeralNetwork.sameSubnet(IPv4Address(10, 128, 0, 1), IPv4Address(10, 128, 0, 5), prefix: 32))
    }

    // MARK: which cloud

    func machine(vendor: String = "", product: String = "", serial: String = "", uuid: String = "", asset: String = "") -> MachineIdentity {
        var machine = MachineIdentity()
        machine.sysVendor = vendor
        machine.productName = product
        machine.productSerial = serial
        machine.productUUID = uuid
        machine.chassisAssetTag = asset
        machine.seed = SeedArgument(serial)
        return machine
    }

    @Test func theCloudIsToldFromDMIAsDsIdentifyDoes() {
        func identified(_ machine: MachineIdentity) -> String? { DatasourceRegistry.identify(machine)?.name }
        #expect(identified(machine(vendor: "Amazon EC2", serial: "ec2a1b2c3d-0000", uuid: "EC2A1B2C3D-0000")) == "Ec2")
        #expect(identified(machine(serial: "ec2aaaa", uuid: "ec2bbbb")) == nil)  // both must be the same
        var xen = machine()
        xen.hypervisorUUID = "ec2e1916-9099-7caf-fd21-012345abcdef"
        #expect(identified(xen) == "Ec2")
        #expect(identified(machine(product: "Google Compute Engine")) == "GCE")
        #expect(identified(machine(serial: "GoogleCloud-1234ABCD")) == "GCE")
        #expect(identified(machine(asset: "OpenStack Nova")) == "OpenStack")
        #expect(identified(machine(product: "OpenStack Compute")) == "OpenStack")
        #expect(identified(machine(asset: "HUAWEICLOUD")) == "OpenStack")
        #expect(identified(machine(asset: "OracleCloud.com")) == "Oracle")
        #expect(identified(machine(vendor: "Hetzner", product: "vServer")) == "Hetzner")
        #expect(identified(machine(serial: "ds=nocloud;s=http://10.0.0.2:8000/")) == "NoCloudNet")
        #expect(identified(machine(vendor: "QEMU", product: "Standard PC (i440FX + PIIX, 1996)")) == nil)
        #expect(identified(machine(serial: "ds=nocloud")) == nil)  // a drive seed, not a network one
        #expect(DatasourceRegistry.service(named: "ec2")?.name == "Ec2")
        #expect(DatasourceRegistry.service(named: "Azure") == nil)
    }

    @Test func theSeedArgumentIsReadAsCloudInitReadsIt() throws {
        let seed = try #require(SeedArgument("nocloud;s=http://10.0.0.2:8000/seed/;h=vm1;i=iid-7"))
        #expect(seed == { var s = seed; s.datasource = "nocloud"; s.seedFrom = "http://10.0.0.2:8000/seed/"; s.localHostname = "vm1"; s.instanceID = "iid-7"; return s }())
        let long = try #require(SeedArgument("ds=nocloud-net;seedfrom=http://10.0.0.3/;local-hostname=x"))
        #expect(long.datasource == "nocloud-net" && long.seedFrom == "http://10.0.0.3/" && long.localHostname == "x")
        #expect(SeedArgument("VMware-56 4d 1a") == nil)
        // The argument's own value is not searched for `ds=` (a seed URL may hold those letters).
        #expect(SeedArgument("nocloud;s=http://10.0.0.2/?ids=1;h=x")?.seedFrom == "http://10.0.0.2/?ids=1")
        var machine = self.machine(serial: "ds=nocloud-net;s=http://10.0.0.3:8080/")
        #expect(try NoCloudNet.endpoint(machine) == HTTPURL(host: "10.0.0.3", port: 8080, path: "/"))
        machine.seed = SeedArgument("nocloud;h=x")
        #expect(throws: Diagnostic.self) { try NoCloudNet.endpoint(machine) }
        // Both a serial and an argument: merged, the serial's values first (cloud-init's NoCloud).
        let merged = SeedArgument.merged(serial: SeedArgument("ds=nocloud;h=from-serial"),
                                         commandLine: SeedArgument("nocloud;s=http://10.0.0.4/;h=from-argument;i=iid-9"))
        #expect(merged?.localHostname == "from-serial" && merged?.seedFrom == "http://10.0.0.4/" && merged?.instanceID == "iid-9")
        #expect(SeedArgument.merged(serial: nil, commandLine: SeedArgument("nocloud;h=a"))?.localHostname == "a")
    }

    // MARK: GCE's keys

    @Test func gceKeysAreKeptPerUserAndExpiredOnesLeftOut() {
        var diagnostics: [Diagnostic] = []
        let text = """
            cloudinit:ssh-ed25519 AAAAshared c
            debian:ssh-ed25519 AAAAdebian d
            alice:ssh-rsa AAAAalice google-ssh {"userName":"alice","expireOn":"2030-01-01T00:00:00+0000"}
            bob:ssh-rsa AAAAbob google-ssh {"userName":"bob","expireOn":"2019-01-01T00:00:00+0000"}
            carol:ssh-rsa AAAAcarol google-ssh {"userName":"carol","expireOn":"2019-01-01T00:00:00-0500"}
            dave:ssh-rsa AAAAdave google-ssh {"userName":"dave","expireOn":"2019-01-01"}
            erin:ssh-rsa AAAAerin {"userName":"erin","expireOn":"2019-01-01T00:00:00+0000"}
            not a key line
            """
        let (shared, named) = GCE.userKeys(text, now: "2026-12-02T10:00:00Z", diagnostics: &diagnostics)
        #expect(shared == ["ssh-ed25519 AAAAshared c"])
        // As cloud-init: only `google-ssh {…"expireOn":"…+0000"}` expires a key (another offset,
        // another shape, or no google-ssh schema keeps it).
        #expect(named.map(\.user) == ["debian", "alice", "carol", "dave", "erin"])
        var instance = InstanceData(datasource: "GCE", source: "test")
        instance.publicKeys = shared
        instance.userPublicKeys = named
        #expect(instance.metadataKeys(defaultUser: "debian") == ["ssh-ed25519 AAAAshared c", "ssh-ed25519 AAAAdebian d"])
        #expect(instance.metadataKeys(defaultUser: "centos") == ["ssh-ed25519 AAAAshared c"])
    }
}
