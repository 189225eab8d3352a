import ArgumentParser
import FlamingoCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last run's result record.",
        discussion: """
            Without --sysroot: the host side's record, /run/flamingo/result.json (in the booted \
            system, the initramfs run's). With --sysroot: the record kept in that root's \
            /var/lib/flamingo/ (on ostree systems, in the stateroot's var). Exit 1 if there is no \
            record or the last run failed.
            """
    )

    @Option(help: ArgumentHelp("Read the record kept in this root.", valueName: "DIR"))
    var sysroot: String?

    @Flag(help: "Print the record as JSON, as stored.")
    var json = false

    func run() throws {
        let location = RecordLocation(sysroot: sysroot)
        guard let text = try location.read() else {
            throw ValidationError("no result record at \(location.description)")
        }
        if json {
            print(text, terminator: "")
        } else {
            print(try StatusSummary(json: text, file: location.description).text, terminator: "")
        }
        if (try? StatusSummary(json: text, file: location.description).failed) ?? true { throw ExitCode(1) }
    }
}
