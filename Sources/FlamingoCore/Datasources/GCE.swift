/// Google Compute Engine's metadata server (`/computeMetadata/v1/` at 169.254.169.254, the address
/// `metadata.google.internal` resolves to), as cloud-init's `GCE` datasource reads it: every
/// request with `Metadata-Flavor: Google` (the server answers 403 without it) and every answer
/// checked for the same header. Reads `instance/id`, `instance/hostname`, user-data from the
/// `user-data` attribute (base64 when `user-data-encoding` says so), and the `ssh-keys`
/// attributes: `user:key` lines, the project's unless the instance blocks them, expired
/// `google-ssh` keys left out; keys of `cloudinit` and of the default user are installed.
public enum GCE: MetadataService {
    public static let name = "GCE"
    public static let identifiedBy = "DMI product name Google Compute Engine, or a serial number starting with GoogleCloud-"

    public static func identifies(_ machine: MachineIdentity) -> Bool {
        machine.productName == "Google Compute Engine" || machine.productSerial.hasPrefix("GoogleCloud-")
    }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService.appending("/computeMetadata/v1/") }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        client.headers.append(("Metadata-Flavor", "Google"))
        guard let id = try attribute(client, "instance/id") else {
            throw Diagnostic(.error, file: client.base.appending("instance/id").description, mark: nil, "not found: the server gives no instance id")
        }
        var instance = InstanceData(datasource: name, source: client.base.description)
        instance.instanceID = id
        // The short name, even where a full one is asked for: GCE's long FQDNs, as cloud-init's GCE gives them.
        instance.localHostname = try attribute(client, "instance/hostname").map { String($0.prefix { $0 != "." }) }
        var diagnostics: [Diagnostic] = []
        if var userData = try get(client, "instance/attributes/user-data", limit: DriveContents.fileLimit) {
            if try attribute(client, "instance/attributes/user-data-encoding") == "base64" {
                guard let decoded = Base64.decode(String(decoding: userData.bytes, as: UTF8.self)) else {
                    throw Diagnostic(.error, file: userData.file, mark: nil, "user-data-encoding says base64, but the user-data is not base64")
                }
                userData.bytes = decoded
            }
            instance.userData = userData
        }
        // cloud-init's order: the instance's legacy and new keys, then the project's unless blocked.
        let instanceLegacy = try attribute(client, "instance/attributes/sshKeys")
        var lines = [instanceLegacy, try attribute(client, "instance/attributes/ssh-keys")].compactMap { $0 }
        if try attribute(client, "instance/attributes/block-project-ssh-keys")?.lowercased() != "true" && instanceLegacy == nil {
            lines += [try attribute(client, "project/attributes/ssh-keys"), try attribute(client, "project/attributes/sshKeys")].compactMap { $0 }
        }
        (instance.publicKeys, instance.userPublicKeys) = userKeys(lines.joined(separator: "\n"), now: WallClock.iso8601Now(), diagnostics: &diagnostics)
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }

    /// `user:ssh-ed25519 AAAA… comment` lines: `cloudinit`'s keys for everyone cloud-init gives
    /// metadata keys to, the others kept with their user (the default user's are installed);
    /// a `google-ssh {"expireOn":"…"}` key whose time has passed is left out.
    static func userKeys(_ text: String, now: String, diagnostics: inout [Diagnostic]) -> ([String], [UserPublicKey]) {
        var shared: [String] = [], named: [UserPublicKey] = []
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingWhitespace() }) where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let user = String(line[..<colon]), key = String(line[line.index(after: colon)...]).trimmingWhitespace()
            guard !key.isEmpty, !isExpired(key, now: now) else { continue }
            if user == "cloudinit" { if !shared.contains(key) { shared.append(key) } } else { named.append(UserPublicKey(user: user, key: key)) }
        }
        return (shared, named)
    }

    /// A key whose comment is `google-ssh {…"expireOn":"2018-03-01T12:00:00+0000"…}` and whose time
    /// has passed. As in cloud-init, only that exact form (UTC, `+0000`) expires a key: another
    /// offset or shape keeps it.
    static func isExpired(_ key: String, now: String) -> Bool {
        let fields = key.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard fields.count == 4, fields[2] == "google-ssh", let range = fields[3].firstRange(of: "\"expireOn\":") else { return false }
        let rest = fields[3][range.upperBound...].drop { $0 == " " || $0 == "\"" }
        let stamp = rest.prefix { $0 != "\"" }
        // cloud-init's strptime format, `%Y-%m-%dT%H:%M:%S+0000`: "d" is a digit, the rest literal.
        let shape = "dddd-dd-ddTdd:dd:dd+0000"
        guard stamp.count == shape.count,
              zip(stamp, shape).allSatisfy({ $1 == "d" ? $0.isASCII && $0.isNumber : $0 == $1 }) else { return false }
        return String(stamp.prefix(19)) < String(now.prefix(19))  // the same form, compared as text
    }

    /// A value, or nil on 404; the server must say it is Google's.
    static func get(_ client: MetadataClient, _ path: String, limit: Int = MetadataClient.answerLimit) throws -> RawInput? {
        let response = try client.exchange("GET", path, extraHeaders: [], limit: limit)
        let url = client.base.appending(path).description
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw Diagnostic(.error, file: url, mark: nil, "\(response.status) \(response.reason)") }
        guard response.header("Metadata-Flavor") == "Google" else {
            throw Diagnostic(.error, file: url, mark: nil, "the answer has no Metadata-Flavor: Google header: not Google's metadata server")
        }
        return RawInput(file: url, bytes: response.body)
    }

    static func attribute(_ client: MetadataClient, _ path: String) throws -> String? {
        try get(client, path).map { String(decoding: $0.bytes, as: UTF8.self).trimmingWhitespace() }
    }
}
