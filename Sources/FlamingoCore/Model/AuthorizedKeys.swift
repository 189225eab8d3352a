/// An `authorized_keys` file: merged, never rewritten. Existing lines (comments, keys flamingo was
/// not given) stay byte for byte; a given key already present is left as it is when its line is
/// the same, and its line replaced when the options differ (as cloud-init replaces it); other keys
/// are appended.
public enum AuthorizedKeys {
    /// Key types sshd accepts (sshd(8), AUTHORIZED_KEYS FILE FORMAT).
    static let keyTypePrefixes = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-sha2-"]

    /// What makes two lines the same key: the type and the base64 blob, not options or comment.
    public static func identity(of line: String) -> String? {
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        for (index, token) in tokens.enumerated() where index + 1 < tokens.count {
            if keyTypePrefixes.contains(where: token.hasPrefix), !token.contains("=") {
                return "\(token) \(tokens[index + 1])"
            }
        }
        return nil
    }

    /// Whether `line` has the shape of a public key line.
    public static func isKey(_ line: String) -> Bool { identity(of: line) != nil }

    /// `existing` with every line of `keys` in it: appended when its key is new, replacing the
    /// line of the same key when that line differs.
    public static func merge(existing: String, adding keys: [String]) -> (text: String, added: [String]) {
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let hadNewline = existing.hasSuffix("\n")
        if hadNewline || existing.isEmpty { lines.removeLast() }
        var added: [String] = []
        var changed = false
        // Each line's key found once: linear in lines + keys (searching the lines for every key
        // took 350 s for 4,000 keys).
        var lineOf: [String: Int] = [:]
        for (index, line) in lines.enumerated() where lineOf[identity(of: line) ?? line] == nil {
            lineOf[identity(of: line) ?? line] = index
        }
        for key in keys {
            let id = identity(of: key) ?? key
            if let index = lineOf[id] {
                if lines[index] != key { lines[index] = key; changed = true }
                continue
            }
            lineOf[id] = lines.count
            lines.append(key)
            added.append(key)
        }
        guard changed || !added.isEmpty else { return (existing, []) }
        return (lines.joined(separator: "\n") + "\n", added)
    }
}
