/// The help a command prints for `--help` (on stdout) and the usage line that follows a usage
/// error (on stderr), from its `CommandSyntax`.
public enum HelpText {
    /// Width the prose is wrapped to.
    static let width = 80
    /// Column where an option's help starts.
    static let helpColumn = 26

    /// `flamingo run --sysroot <DIR> [--device <DEV>] …`.
    public static func usage(_ syntax: CommandSyntax, program: String) -> String {
        usageGroups(syntax, program: program).joined(separator: " ")
    }

    /// The usage line's parts: the command, then one part per option (never split across lines).
    static func usageGroups(_ syntax: CommandSyntax, program: String) -> [String] {
        var words = ["\(program) \(syntax.name)"]
        for option in syntax.options {
            let spelled = option.takesValue ? "--\(option.name) <\(option.valueName)>" : "--\(option.name)"
            switch option.kind {
            case .single(required: true): words.append(spelled)
            case .repeatable: words.append("[\(spelled) ...]")
            default: words.append("[\(spelled)]")
            }
        }
        if let positionals = syntax.positionals { words.append("[<\(positionals.valueName)> ...]") }
        return words
    }

    /// The whole help of one command.
    public static func help(_ syntax: CommandSyntax, program: String) -> String {
        var text = "OVERVIEW: \(syntax.abstract)\n\n"
        if !syntax.discussion.isEmpty { text += wrap(syntax.discussion, indent: 0) + "\n\n" }
        var lines = ["USAGE:"]
        for group in usageGroups(syntax, program: program) {
            if lines[lines.count - 1].count + 1 + group.count > width { lines.append("      ") }
            lines[lines.count - 1] += " " + group
        }
        text += lines.joined(separator: "\n") + "\n\n"
        if let positionals = syntax.positionals {
            text += "ARGUMENTS:\n" + entry("<\(positionals.valueName)>", positionals.help) + "\n"
        }
        text += "OPTIONS:\n"
        for option in syntax.options {
            let spelled = option.takesValue ? "--\(option.name) <\(option.valueName)>" : "--\(option.name)"
            text += entry(spelled, option.help)
        }
        text += entry("-h, --help", "Show help information.")
        return text
    }

    /// The help of the program: its commands.
    public static func programHelp(program: String, abstract: String, discussion: String, commands: [CommandSyntax]) -> String {
        var text = "OVERVIEW: \(abstract)\n\n" + wrap(discussion, indent: 0) + "\n\n"
        text += "USAGE: \(program) <subcommand>\n\nOPTIONS:\n"
        text += entry("--version", "Show the version.")
        text += entry("-h, --help", "Show help information.")
        text += "\nSUBCOMMANDS:\n"
        for command in commands { text += entry(command.name, command.abstract) }
        text += "\n  See '\(program) help <subcommand>' for detailed help.\n"
        return text
    }

    /// One two-column line (or more, wrapped): the name at 2, the help at `helpColumn`.
    static func entry(_ name: String, _ help: String) -> String {
        let head = "  " + name
        let body = wrap(help, indent: helpColumn)
        let firstLine = body.dropFirst(helpColumn)
        if head.count < helpColumn - 1 {
            return head + String(repeating: " ", count: helpColumn - head.count) + firstLine + "\n"
        }
        return head + "\n" + body + "\n"
    }

    /// Words wrapped to `width`, every line indented by `indent`.
    static func wrap(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = pad
            for word in paragraph.split(separator: " ") {
                if line.count > indent && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = pad
                }
                line += (line.count > indent ? " " : "") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
