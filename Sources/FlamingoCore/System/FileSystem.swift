import Glibc

/// Calls on paths of this host (not a sysroot's: those go through `ConfinedRoot`/`Sysroot`).
public enum FileSystem {
    /// `mkdir -p`: every missing component made with `mode`; existing ones are fine.
    public static func makeDirectories(_ path: String, mode: UInt32 = 0o755) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try makeDirectory(prefix, mode: mode, existingIsFine: true)
        }
    }

    /// `mkdir`; with `existingIsFine`, a directory already there is no error.
    public static func makeDirectory(_ path: String, mode: UInt32, existingIsFine: Bool = false) throws {
        if mkdir(path, mode) == 0 { return }
        let code = errno
        if code == EEXIST && existingIsFine { return }
        throw SystemError("mkdir", path: path, code: code)
    }
}

extension FileSystem {
    /// A new directory `<directory>/<prefix>XXXXXX` (mkdtemp: 0700, a name nobody else has).
    public static func makeTemporaryDirectory(in directory: String, prefix: String) throws -> String {
        var template = Array("\(directory)/\(prefix)XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw SystemError("mkdtemp", path: directory) }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// A small text file of this host (sysfs, procfs), trimmed; nil when unreadable or empty.
    public static func readSmallFile(_ path: String) -> String? {
        guard let fd = try? FileDescriptor.open(path), let bytes = try? fd.readAll(limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// `rmdir`; an error (not empty, already gone) is ignored.
    public static func removeDirectory(_ path: String) {
        rmdir(path)
    }

    /// `path` with every symlink resolved (realpath(3)); nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `name` matches the shell pattern `pattern` (`fnmatch(3)`, no flags).
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
