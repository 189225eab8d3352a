/// What one command of the `flamingo` command line accepts, declared as data: its options (each a
/// flag or an option with a value, repeatable or not, required or not) and its positional
/// arguments. `ParsedArguments` reads argv against it; `HelpText` prints it. A table instead of
/// property wrappers and reflection (swift-argument-parser): see
/// docs/decisions/own-command-line-parser.md for the bytes and the start-up that saved.
public struct CommandSyntax: Sendable {
    public let name: String
    public let abstract: String
    public let discussion: String
    public let options: [OptionSyntax]
    /// The positional arguments' value name and help; nil: the command takes none.
    public let positionals: (valueName: String, help: String)?

    public init(name: String, abstract: String, discussion: String = "", options: [OptionSyntax] = [],
                positionals: (valueName: String, help: String)? = nil) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
    }

    public func option(named name: String) -> OptionSyntax? {
        options.first { $0.name == name }
    }
}

/// One `--name` a command accepts.
public struct OptionSyntax: Sendable {
    public enum Kind: Sendable {
        /// `--name` alone: present or not.
        case flag
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case single(required: Bool)
        /// `--name VALUE`, as often as wanted.
        case repeatable
    }

    /// The long name without its dashes.
    public let name: String
    public let kind: Kind
    /// How the help names the value (`DIR`, `FILE`); unused for a flag.
    public let valueName: String
    public let help: String

    public static func flag(_ name: String, help: String) -> OptionSyntax {
        OptionSyntax(name: name, kind: .flag, valueName: "", help: help)
    }

    public static func option(_ name: String, _ valueName: String, required: Bool = false, help: String) -> OptionSyntax {
        OptionSyntax(name: name, kind: .single(required: required), valueName: valueName, help: help)
    }

    public static func repeatable(_ name: String, _ valueName: String, help: String) -> OptionSyntax {
        OptionSyntax(name: name, kind: .repeatable, valueName: valueName, help: help)
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    var isRequired: Bool {
        if case .single(required: true) = kind { return true }
        return false
    }
}
