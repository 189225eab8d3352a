import Glibc

/// The entries of an open directory, without `.` and `..`, sorted.
enum DirectoryListing {
    static func names(_ directory: FileDescriptor) -> [String] {
        guard let stream = fdopendir(dup(directory.raw)) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
