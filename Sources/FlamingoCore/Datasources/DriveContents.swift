/// The files of a config drive — a mounted filesystem or an unpacked seed directory — read
/// confined to it: a symlink on the drive resolves inside the drive, never into the host, and
/// FIFOs, device nodes and oversized files are refused instead of read.
public final class DriveContents {
    /// No datasource file is legitimately this large; cloud-init's own limit on user-data is lower.
    public static let fileLimit = 16 << 20

    public let root: ConfinedRoot
    /// How messages name the drive: the device (`/dev/sr0`) or the seed directory.
    public let name: String

    public init(directory: String, name: String? = nil) throws {
        root = try ConfinedRoot(path: directory, links: .anyInside)
        self.name = name ?? directory
    }

    /// How a file on this drive is named in messages: `/dev/sr0:openstack/latest/user_data`.
    public func describe(_ path: String) -> String { "\(name):\(path)" }

    /// A regular file's contents, or nil when there is no such file.
    public func read(_ path: String) throws -> RawInput? {
        let fd: FileDescriptor
        do {
            fd = try root.open(path, .nonBlocking)
        } catch let error as SystemError where error.code == .noSuchFile || error.code == .notDirectory {
            return nil
        } catch let error as SystemError {
            throw Diagnostic(.error, file: describe(path), mark: nil, "cannot open: \(error)")
        }
        let status = try fd.status()
        guard status.isRegularFile else {
            throw Diagnostic(.error, file: describe(path), mark: nil, "not a regular file")
        }
        guard status.size <= Self.fileLimit else {
            throw Diagnostic(.error, file: describe(path), mark: nil,
                             "\(status.size) bytes is more than the \(Self.fileLimit)-byte limit for a datasource file")
        }
        do {
            return RawInput(file: describe(path), bytes: try fd.readAll(limit: Self.fileLimit, path: path))
        } catch let error as SystemError {
            throw Diagnostic(.error, file: describe(path), mark: nil, "cannot read: \(error)")
        }
    }

    /// Whether the drive has an entry at `path` (a final symlink not followed). Only "no such
    /// file" means no: an I/O error (a drive pulled out mid-read) is thrown, naming the file.
    public func exists(_ path: String) throws -> Bool {
        do {
            return try root.statusNoFollow(path) != nil
        } catch let error as SystemError where error.code == .notDirectory {
            return false
        } catch let error as SystemError {
            throw Diagnostic(.error, file: describe(path), mark: nil, "cannot read: \(error)")
        }
    }

    /// The names in a directory, sorted; empty when it does not exist; an I/O error is thrown.
    public func list(_ path: String) throws -> [String] {
        do {
            return try root.open(path, .directory).entries()
        } catch let error as SystemError where error.code == .noSuchFile || error.code == .notDirectory {
            return []
        } catch let error as SystemError {
            throw Diagnostic(.error, file: describe(path), mark: nil, "cannot read: \(error)")
        }
    }
}
