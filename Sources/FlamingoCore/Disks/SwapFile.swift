/// A swap file made without mkswap: the space is allocated (fallocate, no holes: swapon refuses
/// sparse files) and the Linux swap header (version 1) written at its start, with the file's
/// UUID; mode 0600. `auto` sizes follow cloud-init's suggestion.
public enum SwapFile {
    public static var pageSize: UInt64 { Memory.pageSize }

    /// The first page of a swap area of `bytes` (rounded down to whole pages).
    public static func header(bytes: UInt64, uuid: [UInt8], pageSize: UInt64 = SwapFile.pageSize) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: Int(pageSize))
        func put32(_ value: UInt32, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { page.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        put32(1, at: 1024)                                    // version
        put32(UInt32(bytes / pageSize - 1), at: 1028)         // last_page
        put32(0, at: 1032)                                    // nr_badpages
        page.replaceSubrange(1036..<1052, with: uuid.prefix(16))
        page.replaceSubrange(Int(pageSize) - 10..<Int(pageSize), with: Array("SWAPSPACE2".utf8))
        return page
    }

    /// Whether the file's first page says it is a swap area of `bytes`.
    public static func isSwap(_ firstPage: [UInt8], bytes: UInt64, pageSize: UInt64 = SwapFile.pageSize) -> Bool {
        guard firstPage.count >= Int(pageSize), firstPage[Int(pageSize) - 10..<Int(pageSize)].elementsEqual("SWAPSPACE2".utf8) else { return false }
        let lastPage = firstPage[1028..<1032].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        return UInt64(lastPage) == bytes / pageSize - 1
    }

    /// cloud-init's suggested size: memory under 4 GiB → that much; under 16 GiB → 4 GiB; more →
    /// √(GiB of memory) GiB; at most `maxSize`, else at most twice the memory and a quarter of
    /// the free space (with a maxSize above 90 % of the free space cut to that).
    public static func suggestedSize(memory: UInt64, freeSpace: UInt64?, maxSize: UInt64?) -> UInt64 {
        let gib: UInt64 = 1 << 30
        var limit = maxSize ?? memory * 2
        if let freeSpace {
            if let maxSize { limit = maxSize > freeSpace * 9 / 10 ? freeSpace * 9 / 10 : maxSize } else { limit = min(freeSpace / 4, memory * 2) }
        }
        let wanted: UInt64
        if memory < 4 * gib {
            wanted = memory
        } else if memory < 16 * gib {
            wanted = 4 * gib
        } else {
            wanted = UInt64((Double(memory) / Double(gib)).squareRoot().rounded()) * gib
        }
        return min(wanted, limit)
    }

    /// MemTotal from /proc/meminfo, in bytes.
    public static func memory() -> UInt64? {
        guard let text = BlockDeviceScan.readSmallFile("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let words = line.split(separator: " ")
            if words.count >= 2, let kib = UInt64(words[1]) { return kib * 1024 }
        }
        return nil
    }
}
