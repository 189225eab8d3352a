import Glibc

/// The kernel's mount table (/proc/self/mountinfo): which device is mounted where.
public struct MountTable: Sendable {
    public struct Mount: Sendable, Equatable {
        /// `major:minor` (0:N for filesystems such as btrfs that report an anonymous device).
        public var number: String
        public var mountPoint: String
        public var type: String
        public var source: String
        /// The mount point's own options (`ro`/`rw`, `nosuid`, …): what `MS_BIND|MS_REMOUNT` changes.
        public var options: [String] = []
        /// The filesystem's (superblock's) options, shared by every mount of it: what `MS_REMOUNT` changes.
        public var superOptions: [String] = []

        public init(number: String, mountPoint: String, type: String, source: String,
                    options: [String] = [], superOptions: [String] = []) {
            self.number = number
            self.mountPoint = mountPoint
            self.type = type
            self.source = source
            self.options = options
            self.superOptions = superOptions
        }

        /// Writes through this mount point are refused (`ro` on the mount, or on its filesystem).
        public var readOnly: Bool { options.contains("ro") || superblockReadOnly }
        /// The filesystem itself is mounted read-only (`ro` on the kernel command line, say).
        public var superblockReadOnly: Bool { superOptions.contains("ro") }
        public var mountPointReadOnly: Bool { options.contains("ro") }

        /// Whether `path` (absolute, normalised) is this mount point or lies below it.
        public func covers(_ path: String) -> Bool {
            mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
        }
    }

    public var mounts: [Mount]

    public static func current(_ path: String = "/proc/self/mountinfo") -> MountTable {
        guard let fd = try? FileDescriptor.open(path),
              let bytes = try? fd.readAll(limit: 4 << 20) else { return MountTable(mounts: []) }
        return MountTable(text: String(decoding: bytes, as: UTF8.self))
    }

    public init(mounts: [Mount]) { self.mounts = mounts }

    /// Parses mountinfo lines: `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER`.
    public init(text: String) {
        mounts = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
            let superOptions = dash + 3 < fields.count ? fields[dash + 3].split(separator: ",").map(String.init) : []
            return Mount(number: fields[2], mountPoint: Self.unescape(fields[4]), type: fields[dash + 1], source: Self.unescape(fields[dash + 2]),
                         options: fields[5].split(separator: ",").map(String.init), superOptions: superOptions)
        }
    }

    /// The mount on top at `path` (the last one mounted there), if `path` is a mount point.
    public func mount(at path: String) -> Mount? {
        let wanted = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return mounts.last { $0.mountPoint == wanted }
    }

    /// The mount that holds `path` (absolute, without `..` or symlinks): the topmost mount whose
    /// mount point is the longest prefix of it.
    public func containing(_ path: String) -> Mount? {
        let wanted = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var best: Mount?
        for mount in mounts where mount.covers(wanted) {
            if let current = best, current.mountPoint.count > mount.mountPoint.count { continue }
            best = mount
        }
        return best
    }

    /// The topmost mount at each mount point strictly below `path`, in the order they were mounted.
    public func mounts(below path: String) -> [Mount] {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        var seen: Set<String> = []
        return mounts.reversed().filter { $0.mountPoint.hasPrefix(prefix) && seen.insert($0.mountPoint).inserted }.reversed()
    }

    /// The block device behind a mount: by the device number, or — for btrfs and others that
    /// report an anonymous one — by the source path.
    public func device(of mount: Mount) -> SysfsBlock? {
        if !mount.number.hasPrefix("0:"), let device = SysfsBlock.byNumber(mount.number) { return device }
        return mount.source.hasPrefix("/dev/") ? SysfsBlock.byPath(mount.source) : nil
    }

    /// `path` with every symlink resolved (realpath(3)), as mount points appear in mountinfo; nil
    /// when it does not exist.
    public static func resolve(_ path: String) -> String? { FileSystem.realPath(path) }

    /// Octal escapes (`\040` for a space) as the kernel writes them.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
