/// `users[].doas`: rules in /etc/doas.conf, in a block flamingo marks and replaces on each run
/// (the rest of the file kept as it is), 0600 as OpenDoas wants its configuration.
public enum DoasConfig {
    public static let path = "/etc/doas.conf"
    static let begin = "# BEGIN flamingo: users[].doas"
    static let end = "# END flamingo"

    public static func actions(_ rules: [(String, [String])], _ sysroot: SysrootView) throws -> [Action] {
        let existing = try sysroot.readText(path) ?? ""
        var kept: [Substring] = []
        var inBlock = false
        for line in existing.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == begin { inBlock = true; continue }
            if inBlock { if line == end { inBlock = false }; continue }
            kept.append(line)
        }
        while kept.last == "" { kept.removeLast() }
        var text = kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
        text += begin + "\n"
        for (user, userRules) in rules { text += "# rules for \(user)\n" + userRules.map { $0 + "\n" }.joined() }
        text += end + "\n"
        let status = try sysroot.status(path)
        return [.writeFile(FileWrite(path: path, text: text, mode: status.map { FileMode($0.mode) } ?? FileMode(0o600),
                                     owner: status.map { Owner(uid: $0.uid, gid: $0.gid) } ?? .root))]
    }
}
