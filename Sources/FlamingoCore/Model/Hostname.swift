/// A host name from metadata, checked and split the way cloud-init splits it.
public struct Hostname: Equatable, Sendable {
    /// The first label (`web1` of `web1.example.com`): what goes into /etc/hostname.
    public var short: String
    /// The whole name as given.
    public var fqdn: String

    public init(short: String, fqdn: String) {
        self.short = short
        self.fqdn = fqdn
    }

    /// Longest name the kernel accepts (HOST_NAME_MAX).
    public static let maximumShortLength = 64

    /// Splits `name` at its first dot. An IPv4 address becomes `ip-10-0-0-5`, as cloud-init
    /// names hosts whose metadata gives only an address.
    public init(parsing name: String) throws(HostnameError) {
        var text = name.trimmingWhitespace()
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { throw .invalid(name, "it is empty") }
        if Self.isIPv4Address(text) {
            short = "ip-" + String(text.map { $0 == "." ? "-" : $0 })
            fqdn = short
            return
        }
        guard text.utf8.count <= 253 else { throw .invalid(name, "it is longer than 253 characters") }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw .invalid(name, "it has an empty label (two dots in a row)") }
            guard label.utf8.count <= 63 else { throw .invalid(name, "the label \"\(label)\" is longer than 63 characters") }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw .invalid(name, "only letters, digits, '-' and '_' may appear between the dots")
            }
            guard !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw .invalid(name, "a label cannot start or end with '-'")
            }
        }
        fqdn = text
        short = String(text.split(separator: ".")[0])
    }

    static func isIPv4Address(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }
}

public enum HostnameError: Error, Equatable, CustomStringConvertible {
    case invalid(String, String)
    public var description: String {
        switch self {
        case .invalid(let name, let reason): return "\"\(name)\" is not a valid host name: \(reason)"
        }
    }
}
