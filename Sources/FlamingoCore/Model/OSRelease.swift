/// The fields of the sysroot's os-release that pick distribution defaults.
public struct OSRelease: Sendable {
    public var id = ""
    public var idLike: [String] = []
    public var variantID = ""

    public init(_ sysroot: SysrootView) {
        let text = ((try? sysroot.readText("/etc/os-release")) ?? nil) ?? ((try? sysroot.readText("/usr/lib/os-release")) ?? nil) ?? ""
        for (key, value) in KeyValueLines.pairs(text, separator: "=") {
            switch key {
            case "ID": id = value.lowercased()
            case "ID_LIKE": idLike = value.lowercased().split(separator: " ").map(String.init)
            case "VARIANT_ID": variantID = value.lowercased()
            default: break
            }
        }
    }

    /// Debian, Ubuntu and their derivatives.
    public var isDebianFamily: Bool { ([id] + idLike).contains { ["debian", "ubuntu"].contains($0) } }
    /// RHEL, CentOS, Fedora, Rocky, Alma and their derivatives.
    public var isRedHatFamily: Bool { ([id] + idLike).contains { ["rhel", "centos", "fedora", "rocky", "almalinux"].contains($0) } }
}
