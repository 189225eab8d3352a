/// An `authorized_keys` file: merged, never rewritten. Existing lines (comments, options, keys
/// flamingo never saw) stay byte for byte; a key is added only when no line already holds it.
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

    /// `existing` with every key of `keys` that it lacks appended, one per line.
    public static func merge(existing: String, adding keys: [String]) -> (text: String, added: [String]) {
        var present = Set(existing.split(whereSeparator: \.isNewline).map { identity(of: String($0)) ?? String($0) })
        var text = existing
        var added: [String] = []
        for key in keys {
            let id = identity(of: key) ?? key
            guard !present.contains(id) else { continue }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += key + "\n"
            present.insert(id)
            added.append(key)
        }
        return (text, added)
    }
}
