import Glibc

/// The machine's memory, as the kernel pages it.
public enum Memory {
    /// The page size (`sysconf(_SC_PAGESIZE)`): a swap file's unit.
    public static var pageSize: UInt64 { UInt64(sysconf(Int32(_SC_PAGESIZE))) }
}
