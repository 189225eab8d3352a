/// User and group names that shadow-utils and every NSS module accept: a letter or `_` first,
/// then letters, digits, `.`, `_` or `-` (a trailing `$` for Samba machine accounts), at most 32.
public enum UserName {
    public static let rule = "a letter or '_' first, then letters, digits, '.', '_' or '-'; at most 32 characters"

    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 32 else { return false }
        guard (first == "_" || (first.isASCII && first.properties.isAlphabetic)) else { return false }
        var scalars = Array(name.unicodeScalars)
        if scalars.last == "$" { scalars.removeLast() }
        return scalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-") }
    }
}
