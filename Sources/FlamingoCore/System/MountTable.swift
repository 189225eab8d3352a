import Glibc

/// The kernel's mount table (/proc/self/mountinfo): which device is mounted where.
public struct MountTable: Sendable {
    public struct Mount: Sendable, Equatable {
        /// `major:minor` (0:N for filesystems such as btrfs that report an anonymous device).
        public var number: String
        public var mountPoint: String
        public var type: String
        public var source: String
    }

    public var mounts: [Mount]

    public static func current(_ path: String = "/proc/self/mountinfo") -> MountTable {
        guard let fd = try? FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC),
              let bytes = try? fd.readAll(limit: 4 << 20) else { return MountTable(mounts: []) }
        return MountTable(text: String(decoding: bytes, as: UTF8.self))
    }

    public init(mounts: [Mount]) { self.mounts = mounts }

    /// Parses mountinfo lines: `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER`.
    public init(text: String) {
        mounts = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
            return Mount(number: fields[2], mountPoint: Self.unescape(fields[4]), type: fields[dash + 1], source: Self.unescape(fields[dash + 2]))
        }
    }

    /// The mount on top at `path` (the last one mounted there), if `path` is a mount point.
    public func mount(at path: String) -> Mount? {
        let wanted = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return mounts.last { $0.mountPoint == wanted }
    }

    /// The block device behind a mount: by the device number, or — for btrfs and others that
    /// report an anonymous one — by the source path.
    public func device(of mount: Mount) -> SysfsBlock? {
        if !mount.number.hasPrefix("0:"), let device = SysfsBlock.byNumber(mount.number) { return device }
        return mount.source.hasPrefix("/dev/") ? SysfsBlock.byPath(mount.source) : nil
    }

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
