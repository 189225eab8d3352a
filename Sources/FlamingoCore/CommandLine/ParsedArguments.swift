/// A command's arguments read against its `CommandSyntax`: `--name VALUE`, `--name=VALUE`,
/// flags, positionals, `--` ending the options. Anything the syntax does not declare, a missing
/// value, a required option left out or a single option given twice is a `UsageError` (exit 64).
public struct ParsedArguments: Sendable {
    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// `-h`/`--help` was among the arguments: the caller prints the help and nothing else.
    public private(set) var helpRequested = false

    public init(_ arguments: [String], syntax: CommandSyntax) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                guard syntax.positionals != nil else {
                    throw UsageError("unexpected argument '\(argument)'")
                }
                positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            if argument == "-h" || argument == "--help" { helpRequested = true; continue }
            guard argument.hasPrefix("--") else { throw UsageError("unknown option '\(argument)'") }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let option = syntax.option(named: name) else {
                throw UsageError("unknown option '--\(name)'")
            }
            guard option.takesValue else {
                if inlineValue != nil { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw UsageError("--\(name) needs a value (\(option.valueName))") }
                value = arguments[index]
                index += 1
            }
            if case .single = option.kind, values[name] != nil {
                throw UsageError("--\(name) given more than once")
            }
            values[name, default: []].append(value)
        }
        guard !helpRequested else { return }
        for option in syntax.options where option.isRequired && values[option.name] == nil {
            throw UsageError("missing --\(option.name) \(option.valueName)")
        }
    }

    /// A flag's presence.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A single option's value, nil when it was not given.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// A required option's value (the parser has checked that it is there).
    public func required(_ name: String) -> String { values[name]?.last ?? "" }

    /// A repeatable option's values, in the order given.
    public func values(_ name: String) -> [String] { values[name] ?? [] }
}

/// The command line itself is wrong: printed with the command's usage line, exit 64.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
