import FlamingoCore

/// The `flamingo` command line: a thin layer over FlamingoCore. Each command declares what it
/// accepts as a `CommandSyntax` (FlamingoCore/CommandLine) and runs from the parsed arguments.
@main
enum Flamingo {
    static let abstract = "Contextualize a cloud instance from its config drive, before switch-root."
    static let discussion = """
        Exit codes: 0 success (or no config drive found while discovering; in the initramfs \
        step, any failure without flamingo.strict=1); 1 failure (a named device or seed could \
        not be used, invalid input, the last run failed, or — for probe — no drive found); \
        2 a file or record could not be read; 64 a usage error; 128+N ended by signal N.
        """
    static let commands: [any FlamingoCommand.Type] = [Probe.self, Run.self, Status.self, Validate.self, RenderNetwork.self]

    static func main() {
        Process.exit(status(for: Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs the command the arguments name; the exit status.
    static func status(for arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            Log.writeToStandardError(programHelp())
            return ExitStatus.usage
        }
        switch first {
        case "--version":
            print(FlamingoVersion.current)
            return ExitStatus.success
        case "-h", "--help":
            print(programHelp(), terminator: "")
            return ExitStatus.success
        case "help":
            guard arguments.count > 1 else { print(programHelp(), terminator: ""); return ExitStatus.success }
            guard let command = command(named: arguments[1]) else { return usageError("unknown subcommand '\(arguments[1])'", syntax: nil) }
            print(HelpText.help(command.syntax, program: "flamingo"), terminator: "")
            return ExitStatus.success
        default:
            guard let command = command(named: first) else { return usageError("unknown subcommand '\(first)'", syntax: nil) }
            return run(command, Array(arguments.dropFirst()))
        }
    }

    static func run(_ command: any FlamingoCommand.Type, _ arguments: [String]) -> Int32 {
        let instance: any FlamingoCommand
        do {
            let parsed = try ParsedArguments(arguments, syntax: command.syntax)
            if parsed.helpRequested {
                print(HelpText.help(command.syntax, program: "flamingo"), terminator: "")
                return ExitStatus.success
            }
            instance = try command.init(parsed)
        } catch let error as UsageError {
            return usageError(error.description, syntax: command.syntax)
        } catch {
            return usageError("\(error)", syntax: command.syntax)
        }
        do {
            return try instance.run()
        } catch {
            Log.writeToStandardError("flamingo: \(command.syntax.name): error: \(error)")
            return ExitStatus.failure
        }
    }

    static func command(named name: String) -> (any FlamingoCommand.Type)? {
        commands.first { $0.syntax.name == name }
    }

    static func usageError(_ message: String, syntax: CommandSyntax?) -> Int32 {
        Log.writeToStandardError("flamingo: usage error: \(message)")
        if let syntax {
            Log.writeToStandardError("Usage: \(HelpText.usage(syntax, program: "flamingo"))\n  See 'flamingo \(syntax.name) --help' for more information.")
        } else {
            Log.writeToStandardError("Usage: flamingo <subcommand>\n  See 'flamingo --help' for the subcommands.")
        }
        return ExitStatus.usage
    }

    static func programHelp() -> String {
        HelpText.programHelp(program: "flamingo", abstract: abstract, discussion: discussion, commands: commands.map { $0.syntax })
    }
}

/// One subcommand: what it accepts, how it reads its arguments, what it does.
protocol FlamingoCommand: Sendable {
    static var syntax: CommandSyntax { get }
    /// Reads the parsed arguments; throws `UsageError` for what the syntax alone cannot say
    /// (options that exclude each other, a value out of range).
    init(_ arguments: ParsedArguments) throws
    /// Runs the command; its exit status. A thrown error is reported and exits 1.
    func run() throws -> Int32
}

/// Options shared by the commands that look for a drive.
struct DiscoveryOptions {
    static let syntax: [OptionSyntax] = [
        .repeatable("label", "L", help: "A filesystem label to look for (repeatable; default: \(DatasourceRegistry.defaultLabels.joined(separator: ", ")))."),
        .repeatable("fstype", "T", help: "A filesystem type a config drive may have (repeatable; default: \(DriveDiscovery.defaultFsTypes.joined(separator: ", ")))."),
        .option("timeout", "S", help: "Seconds to wait for a drive to appear; 0 looks once."),
        .flag("verbose", help: "Print detail (every device probed, every file unchanged)."),
    ]

    let options: DriveDiscovery.Options
    let verbose: Bool

    init(_ arguments: ParsedArguments) throws {
        var options = DriveDiscovery.Options()
        if !arguments.values("label").isEmpty { options.labels = arguments.values("label") }
        if !arguments.values("fstype").isEmpty { options.fsTypes = arguments.values("fstype") }
        let timeout = try arguments.value("timeout").map { text in
            guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
                throw UsageError("--timeout must be a number of seconds between 0 and 3600, not '\(text)'")
            }
            return seconds
        } ?? 0
        options.timeoutMilliseconds = Int(timeout * 1000)
        self.options = options
        verbose = arguments.flag("verbose")
    }
}
