import CFlamingo
import Glibc

/// What libblkid's superblock probe says about a filesystem.
public struct FilesystemIdentity: Equatable, Sendable {
    public var type: String?
    public var label: String?
    /// vfat's boot-sector label, reported by blkid when it differs from the root-directory label.
    public var bootSectorLabel: String?
    public var uuid: String?
}

/// Probes one device through libblkid directly (no blkid cache: a cache can name a device that
/// has gone, or a regular file from an earlier probe).
public enum Blkid {
    /// nil when the device carries no filesystem libblkid recognises.
    public static func probe(_ device: String) throws -> FilesystemIdentity? {
        try safeprobe(device, partitionTables: false) { result, value in
            // Nothing found, or ambivalent (several signatures): not a config drive.
            guard result == .found else { return nil }
            return FilesystemIdentity(type: value("TYPE"), label: value("LABEL"),
                                      bootSectorLabel: value("LABEL_FATBOOT"), uuid: value("UUID"))
        }
    }

    /// Everything libblkid sees on a device (see `DeviceContents`): superblocks and partition
    /// tables probed together; an ambivalent result is reported, not taken for "nothing".
    public static func contents(_ device: String) throws -> DeviceContents {
        try safeprobe(device, partitionTables: true) { result, value in
            switch result {
            case .nothing: return DeviceContents()
            case .ambivalent: return DeviceContents(ambivalent: true)
            case .found:
                return DeviceContents(filesystem: value("TYPE").map { FilesystemIdentity(type: $0, label: value("LABEL"), uuid: value("UUID")) },
                                      partitionTable: value("PTTYPE"))
            }
        }
    }

    enum Result { case found, nothing, ambivalent }

    /// One `blkid_do_safeprobe` of superblocks (label, type, uuid), and of partition tables if
    /// asked; `read` gets the result and a lookup of the values found.
    private static func safeprobe<T>(_ device: String, partitionTables: Bool,
                                     _ read: (Result, (String) -> String?) -> T) throws -> T {
        guard let probe = blkid_new_probe_from_filename(device) else {
            throw SystemError("blkid_new_probe_from_filename", path: device)
        }
        defer { blkid_free_probe(probe) }
        blkid_probe_enable_superblocks(probe, 1)
        blkid_probe_set_superblocks_flags(probe, Int32(BLKID_SUBLKS_LABEL | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID))
        blkid_probe_enable_partitions(probe, partitionTables ? 1 : 0)
        let result: Result
        switch blkid_do_safeprobe(probe) {
        case 0: result = .found
        case 1: result = .nothing
        case -2: result = .ambivalent
        default: throw SystemError("blkid_do_safeprobe", path: device)
        }
        return read(result) { name in
            var data: UnsafePointer<CChar>?
            var length = 0
            guard blkid_probe_lookup_value(probe, name, &data, &length) == 0, let data else { return nil }
            return String(cString: data)
        }
    }
}
