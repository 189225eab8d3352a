/// cloud-init's names for what to mount → an fstab `fs_spec`: `sdb` → /dev/sdb (its first
/// partition when it has one, as cloud-init does), `sdb.2` or `alias.2` → partition 2,
/// `/dev/…` kept and checked, `LABEL=`/`UUID=`/`PARTUUID=`/`PARTLABEL=` and `server:/path` kept
/// as written. Names only a cloud's metadata service knows (`ephemeral0`, `swap`, `ami`, `ebs1`)
/// mean nothing on a config drive.
public enum MountDevice {
    public enum Resolution: Sendable, Equatable {
        case spec(String)
        /// Not an error: cloud-init skips these too. Says why.
        case skipped(String)
    }

    /// Does this block device exist? (Injectable for tests.)
    public typealias Exists = @Sendable (String) -> Bool

    public static let liveSystem: Exists = { path in
        FileStatus.of(path)?.isBlockDevice == true
    }

    public static func resolve(_ name: String, aliases: [String: String], exists: Exists = liveSystem) -> Resolution {
        var name = name == "ephemeral" ? "ephemeral0" : name
        if ["LABEL=", "UUID=", "PARTUUID=", "PARTLABEL="].contains(where: name.hasPrefix) { return .spec(name) }
        if !name.hasPrefix("/"), let colon = name.firstIndex(of: ":"), colon != name.startIndex { return .spec(name) }  // server:/path
        var partition: Int?
        if let dot = name.lastIndex(of: "."), let number = Int(name[name.index(after: dot)...]), number > 0 {
            partition = number
            name = String(name[..<dot])
        }
        name = aliases[name] ?? name
        if isMetadataName(name) {
            return .skipped("\(name) is a name only a cloud's metadata service resolves; a config drive has none")
        }
        let device = name.hasPrefix("/") ? name : "/dev/" + name
        if let partition {
            guard let path = partitionPath(device, partition, exists) else { return .skipped("\(device) has no partition \(partition)") }
            return .spec(path)
        }
        if let first = partitionPath(device, 1, exists) { return .spec(first) }
        return exists(device) ? .spec(device) : .skipped("\(device) does not exist")
    }

    static func partitionPath(_ device: String, _ number: Int, _ exists: Exists) -> String? {
        ["\(number)", "p\(number)", "-part\(number)"].map { device + $0 }.first(where: exists)
    }

    static func isMetadataName(_ name: String) -> Bool {
        if ["ami", "root", "swap"].contains(name) { return true }
        return ["ephemeral", "ebs"].contains { name.hasPrefix($0) && !name.contains(":") }
    }
}
