import CFlamingo
import Glibc

/// A directory treated as `/`: every path opened through it resolves inside it, as if the process
/// had chrooted there. A symlink planted below it (absolute, or with `..`) cannot lead out.
///
/// The kernel does this with `openat2(RESOLVE_IN_ROOT)` (Linux 5.6+). Older kernels get the same
/// rule from a userspace walk: one component at a time with `O_NOFOLLOW`, symlinks read and
/// re-resolved against this root, `..` never above it.
///
/// A second rule protects root from the system's own users (`Links.rootsOnly`, the sysroot's): a
/// symlink is followed only when root made it or nobody but root can write the directory holding
/// it (`isTrustedLink`). A link a user planted in her home (`~/.ssh -> /etc`) or in a directory
/// her group may write is refused with ELOOP and says why. Paths without links go through
/// `openat2(RESOLVE_NO_SYMLINKS)` in one call; a path with a link takes the walk, which checks
/// each link it meets. A drive's links (`Links.anyInside`) only need to stay inside it: its
/// files' owners are whatever the image maker's were.
public final class ConfinedRoot {
    public enum Resolver: Sendable { case kernel, userspace }
    public enum Links: Sendable { case rootsOnly, anyInside }

    /// Where the root is, for messages only: it is never concatenated with a path to open.
    public let path: String
    let root: FileDescriptor
    let resolver: Resolver
    let links: Links

    public init(path: String, resolver: Resolver? = nil, links: Links = .rootsOnly) throws {
        self.path = path
        self.links = links
        let fd = try syscallRetrying("open", path: path) {
            Glibc.open(path, flamingo_O_PATH | flamingo_O_DIRECTORY | O_CLOEXEC)
        }
        root = FileDescriptor(adopting: fd)
        if let resolver {
            self.resolver = resolver
        } else {
            let probe = flamingo_openat2(fd, ".", flamingo_O_PATH | O_CLOEXEC, 0, flamingo_RESOLVE_IN_ROOT)
            if probe >= 0 { Glibc.close(probe) }
            self.resolver = (probe < 0 && errno == ENOSYS) ? .userspace : .kernel
        }
    }

    /// Opens `relative` (leading `/` allowed: it means this root) with `flags`.
    /// The last component is followed only when it is a symlink that stays inside the root.
    public func open(_ relative: String, _ options: OpenOptions, mode: UInt32 = 0) throws -> FileDescriptor {
        let flags = options.rawValue
        switch resolver {
        case .kernel:
            let checksLinks = links == .rootsOnly
            let resolve = flamingo_RESOLVE_IN_ROOT | flamingo_RESOLVE_NO_MAGICLINKS | (checksLinks ? flamingo_RESOLVE_NO_SYMLINKS : 0)
            while true {
                let fd = flamingo_openat2(root.raw, relative, flags | O_CLOEXEC, mode, resolve)
                if fd >= 0 { return FileDescriptor(adopting: fd) }
                if errno == EINTR { continue }
                if errno == ELOOP && checksLinks { return try walk(relative, flags: flags, mode: mode) }  // a link on the way
                throw SystemError("openat2", path: relative)
            }
        case .userspace:
            return try walk(relative, flags: flags, mode: mode)
        }
    }

    /// Like `lstat` of the final component, resolving the parents inside the root.
    /// Returns nil when the path does not exist.
    public func statusNoFollow(_ relative: String) throws -> FileStatus? {
        let (parentPath, name) = Self.split(relative)
        let parent: FileDescriptor
        do {
            parent = try open(parentPath, [.pathOnly, .directory])
        } catch let error as SystemError where error.code == .noSuchFile {
            return nil
        }
        if name.isEmpty { return try parent.status() }
        var st = stat()
        if fstatat(parent.raw, name, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            if errno == ENOENT { return nil }
            throw SystemError("fstatat", path: relative)
        }
        return FileStatus(st)
    }

    /// Splits `a/b/c` into (`a/b`, `c`); the root itself is (`/`, ``).
    static func split(_ relative: String) -> (parent: String, name: String) {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = parts.last else { return ("/", "") }
        return ("/" + parts.dropLast().joined(separator: "/"), last)
    }

    // MARK: - The userspace walk

    private static let maximumSymlinks = 40

    private func walk(_ relative: String, flags: Int32, mode: mode_t) throws -> FileDescriptor {
        var stack: [FileDescriptor] = []   // directories entered below the root, innermost last
        var pending = components(relative)
        var symlinks = 0
        var current: FileDescriptor { stack.last ?? root }

        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == "." { continue }
            if name == ".." { if !stack.isEmpty { stack.removeLast() }; continue }
            let isLast = pending.isEmpty
            var st = stat()
            let exists = fstatat(current.raw, name, &st, AT_SYMLINK_NOFOLLOW) == 0
            if !exists && errno != ENOENT { throw SystemError("fstatat", path: relative) }
            let keepLink = isLast && (flags & flamingo_O_NOFOLLOW) != 0
            if exists && (st.st_mode & S_IFMT) == S_IFLNK && !keepLink {
                symlinks += 1
                if symlinks > Self.maximumSymlinks { throw SystemError("resolve", path: relative, code: ELOOP) }
                let target = try trustedLinkTarget(in: current, name, path: relative)
                if target.hasPrefix("/") { stack.removeAll() }
                pending = components(target) + pending
                continue
            }
            if isLast {
                let fd = try syscallRetrying("openat", path: relative) {
                    openat(current.raw, name, flags | flamingo_O_NOFOLLOW | O_CLOEXEC, mode)
                }
                return FileDescriptor(adopting: fd)
            }
            // O_NOFOLLOW | O_DIRECTORY fails on a symlink swapped in since the fstatat: fails closed.
            let fd = try syscallRetrying("openat", path: relative) {
                openat(current.raw, name, flamingo_O_PATH | flamingo_O_DIRECTORY | flamingo_O_NOFOLLOW | O_CLOEXEC)
            }
            stack.append(FileDescriptor(adopting: fd))
        }
        // The path named a directory already entered (or the root): reopen it with the caller's flags.
        let fd = try syscallRetrying("openat", path: relative) { openat(current.raw, ".", flags | O_CLOEXEC, mode) }
        return FileDescriptor(adopting: fd)
    }

    private func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The target of the link `name` in `directory`, if the link may be followed (see
    /// `isTrustedLink`). The link is opened once (`O_PATH|O_NOFOLLOW`), and its owner and target
    /// are read from that descriptor: a link swapped in between cannot pass the check.
    private func trustedLinkTarget(in directory: FileDescriptor, _ name: String, path: String) throws -> String {
        let link = FileDescriptor(adopting: try syscallRetrying("openat", path: path) {
            openat(directory.raw, name, flamingo_O_PATH | flamingo_O_NOFOLLOW | O_CLOEXEC)
        })
        let linkStatus = try link.status(), directoryStatus = try directory.status()
        guard links == .anyInside || Self.isTrustedLink(linkOwner: linkStatus.uid, directory: directoryStatus) else {
            throw SystemError("resolve", path: path, code: ELOOP, reason:
                "not following the link \"\(name)\": uid \(linkStatus.uid) made it in a directory " +
                "uid \(directoryStatus.uid) owns (mode \(Self.octal(directoryStatus.mode))); root follows only links root made " +
                "or that lie where only root can write")
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try syscallRetrying("readlinkat", path: path) {
            readlinkat(link.raw, "", &buffer, buffer.count - 1)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A link is followed when root made it in a directory root owns (as in /tmp, /usr/local),
    /// or when nobody but root may write the directory holding it. Never in a user's home.
    /// Permission bits as people write them: `0755`.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func isTrustedLink(linkOwner: UInt32, directory: FileStatus) -> Bool {
        guard directory.uid == 0 else { return false }
        return linkOwner == 0 || directory.mode & 0o022 == 0
    }
}

extension ConfinedRoot {
    /// Like `stat`, following symlinks inside the root; nil when the path does not exist.
    public func statusFollowing(_ relative: String) throws -> FileStatus? {
        do {
            return try open(relative, .pathOnly).status()
        } catch let error as SystemError where error.code == .noSuchFile {
            return nil
        }
    }
}
