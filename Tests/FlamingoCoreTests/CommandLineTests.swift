import Testing
@testable import FlamingoCore

/// The command-line parser (CommandLine/): what argv means against a command's declared syntax.
@Suite struct CommandLineTests {
    static let syntax = CommandSyntax(
        name: "run",
        abstract: "Run.",
        options: [
            .option("sysroot", "DIR", required: true, help: "The root."),
            .option("device", "DEV", help: "A device."),
            .repeatable("label", "L", help: "A label."),
            .flag("dry-run", help: "Write nothing."),
        ],
        positionals: (valueName: "FILE", help: "Files.")
    )

    static func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ParsedArguments(arguments, syntax: syntax)
    }

    @Test func valuesFlagsAndPositionalsInAnyOrder() throws {
        let parsed = try Self.parse(["a", "--sysroot", "/sysroot", "--label=cidata", "--dry-run", "b", "--label", "config-2"])
        #expect(parsed.required("sysroot") == "/sysroot")
        #expect(parsed.values("label") == ["cidata", "config-2"])
        #expect(parsed.flag("dry-run"))
        #expect(!parsed.flag("verbose"))
        #expect(parsed.value("device") == nil)
        #expect(parsed.positionals == ["a", "b"])
    }

    @Test func doubleDashEndsTheOptions() throws {
        let parsed = try Self.parse(["--sysroot", "/s", "--", "--dry-run", "-"])
        #expect(parsed.positionals == ["--dry-run", "-"])
        #expect(!parsed.flag("dry-run"))
    }

    @Test func aValueMayStartWithADash() throws {
        #expect(try Self.parse(["--sysroot", "-odd"]).required("sysroot") == "-odd")
        #expect(try Self.parse(["--sysroot="]).required("sysroot") == "")
    }

    @Test func everyMistakeIsAUsageErrorThatSaysWhat() {
        let cases: [([String], String)] = [
            (["--sysroot", "/s", "--sedd", "x"], "unknown option '--sedd'"),
            (["--sysroot", "/s", "-x"], "unknown option '-x'"),
            (["--device", "/dev/vdb"], "missing --sysroot DIR"),
            (["--sysroot"], "--sysroot needs a value (DIR)"),
            (["--sysroot", "/a", "--sysroot", "/b"], "--sysroot given more than once"),
            (["--sysroot", "/s", "--dry-run=yes"], "--dry-run takes no value"),
        ]
        for (arguments, message) in cases {
            #expect(throws: UsageError.self, "\(arguments)") { try Self.parse(arguments) }
            do {
                _ = try Self.parse(arguments)
            } catch let error as UsageError {
                #expect(error.description == message)
            } catch {
                Issue.record("\(arguments): \(error)")
            }
        }
        let noPositionals = CommandSyntax(name: "status", abstract: "", options: [.flag("json", help: "")])
        #expect(throws: UsageError.self) { try ParsedArguments(["stray"], syntax: noPositionals) }
    }

    @Test func helpNeedsNothingElse() throws {
        let parsed = try Self.parse(["--help"])
        #expect(parsed.helpRequested)
        #expect(try Self.parse(["-h", "--device", "x"]).helpRequested)
    }

    @Test func theHelpNamesEveryOptionAndTheUsageLineShowsWhichAreRequired() {
        let help = HelpText.help(Self.syntax, program: "flamingo")
        for option in Self.syntax.options { #expect(help.contains("--\(option.name)")) }
        #expect(help.contains("OVERVIEW: Run."))
        #expect(HelpText.usage(Self.syntax, program: "flamingo")
            == "flamingo run --sysroot <DIR> [--device <DEV>] [--label <L> ...] [--dry-run] [<FILE> ...]")
        for line in help.split(separator: "\n") { #expect(line.count <= HelpText.width, "\(line)") }
    }

    @Test func longNamesPutTheirHelpOnTheNextLine() {
        let entry = HelpText.entry("--kernel-cmdline <FILE>", "Read the command line from this file.")
        #expect(entry == "  --kernel-cmdline <FILE>\n" + String(repeating: " ", count: HelpText.helpColumn) + "Read the command line from this file.\n")
    }
}
