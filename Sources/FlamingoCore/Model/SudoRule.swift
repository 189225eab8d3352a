/// Checks a sudo rule of `users[].sudo` (the part after the user name in a sudoers line:
/// `ALL=(ALL) NOPASSWD:ALL`) before it is written, so that one bad rule can never break sudo for
/// everyone: sudo refuses to run at all when a sudoers file does not parse.
public enum SudoRule {
    static let tags: Set<String> = ["NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV", "NOSETENV", "LOG_INPUT",
                                    "NOLOG_INPUT", "LOG_OUTPUT", "NOLOG_OUTPUT", "MAIL", "NOMAIL", "FOLLOW",
                                    "NOFOLLOW", "INTERCEPT", "NOINTERCEPT"]

    /// nil when the rule is valid, else what is wrong with it.
    public static func problem(_ rule: String) -> String? {
        if ControlCharacters.first(in: rule) != nil || rule.unicodeScalars.contains("\0") { return "it spans more than one line" }
        // One spec per rule: sudoers' "A=B : C=D" form is refused as invalid rather than guessed at.
        return specProblem(rule)
    }

    private static func specProblem(_ spec: String) -> String? {
        guard let equals = spec.firstIndex(of: "=") else { return "expected HOSTS=COMMANDS, e.g. ALL=(ALL) NOPASSWD:ALL" }
        let hosts = spec[..<equals].trimmingWhitespace()
        guard !hosts.isEmpty else { return "no host list before '='" }
        for host in hosts.split(separator: ",") {
            let name = host.trimmingWhitespace().drop { $0 == "!" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-+/*%".contains($0) }) else {
                return "\"\(host.trimmingWhitespace())\" is not a host, network or alias"
            }
        }
        var rest = Substring(spec[spec.index(after: equals)...].trimmingWhitespace())
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { return "an unclosed '(' in the run-as list" }
            let runas = rest[rest.index(after: rest.startIndex)..<close]
            guard runas.allSatisfy({ $0.isLetter || $0.isNumber || " ,:%#!_.-".contains($0) }) else {
                return "\"(\(runas))\" is not a run-as list"
            }
            rest = Substring(rest[rest.index(after: close)...].trimmingWhitespace())
        }
        while let colon = rest.firstIndex(of: ":"), tags.contains(rest[..<colon].trimmingWhitespace()) {
            rest = Substring(rest[rest.index(after: colon)...].trimmingWhitespace())
        }
        guard !rest.isEmpty else { return "no command after the tags" }
        guard let commands = splitCommands(rest) else {
            return "a '\\' ends the rule: it escapes nothing"
        }
        for command in commands {
            if let special = unescapedSpecial(command) {
                return "'\(special)' in \"\(command.trimmingWhitespace())\" must be escaped (\\\(special)): sudoers reads it as "
                    + (special == ":" ? "the start of another rule" : "a comment or a uid") + " and then refuses the whole file"
            }
        }
        for command in commands {
            let text = command.trimmingWhitespace().drop { $0 == "!" }
            guard let first = text.first else { return "an empty command in the list" }
            let word = text.split(separator: " ").first.map(String.init) ?? ""
            let isAlias = word.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } && first.isUppercase
            guard first == "/" || isAlias || word == "sudoedit" || word == "list" else {
                return "\"\(text)\" is not ALL, an alias, sudoedit or an absolute command path"
            }
            if isAlias && text.split(separator: " ").count > 1 {
                if tags.contains(word) { return "the tag \(word) needs a ':' after it (\(word):)" }
                return "\"\(word)\" is an alias (or ALL) and takes no arguments"
            }
        }
        return nil
    }

    /// The command list split on the commas sudoers splits on (not `\,`); nil when a lone `\` ends it.
    static func splitCommands(_ text: Substring) -> [Substring]? {
        var commands: [Substring] = []
        var start = text.startIndex, index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
            } else if text[index] == "," {
                commands.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        commands.append(text[start...])
        return commands
    }

    /// The first character of a command that sudoers only takes escaped in one, or nil: `:` (it
    /// starts another rule) and `#` (a comment, or a uid sudo then refuses).
    static func unescapedSpecial(_ command: Substring) -> Character? {
        var escaped = false
        for character in command {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == ":" || character == "#" { return character }
        }
        return nil
    }
}
