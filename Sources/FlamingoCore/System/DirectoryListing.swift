import Glibc

/// The entries of an open directory, without `.` and `..`, sorted.
enum DirectoryListing {
    /// Every entry; a failing read (EIO from a drive pulled out) is thrown, not taken for the end.
    static func entries(_ directory: FileDescriptor) throws -> [String] {
        guard let stream = fdopendir(dup(directory.raw)) else { throw SystemError("fdopendir") }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemError("readdir") }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The entries, or none when the directory cannot be read.
    static func names(_ directory: FileDescriptor) -> [String] {
        (try? entries(directory)) ?? []
    }
}
