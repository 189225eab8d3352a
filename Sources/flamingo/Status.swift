import FlamingoCore

struct Status: FlamingoCommand {
    static let syntax = CommandSyntax(
        name: "status",
        abstract: "Show the last run's result record.",
        discussion: """
            Without --sysroot: the host side's record, /run/flamingo/result.json (in the booted \
            system, the initramfs run's). With --sysroot: the record kept in that root's \
            /var/lib/flamingo/ (on ostree systems, in the stateroot's var). Exit 0 if the last run \
            did not fail, 1 if it failed (its errors are shown), 2 if there is no record or it \
            cannot be read.
            """,
        options: [
            .option("sysroot", "DIR", help: "Read the record kept in this root."),
            .flag("json", help: "Print the record as JSON, as stored."),
        ]
    )

    let sysroot: String?
    let json: Bool

    init(_ arguments: ParsedArguments) {
        sysroot = arguments.value("sysroot")
        json = arguments.flag("json")
    }

    func run() -> Int32 {
        let location = RecordLocation(sysroot: sysroot)
        let text: String?
        do {
            text = try location.read()
        } catch {
            Log.writeToStandardError("flamingo: status: error: \(location.description): cannot read: \(error)")
            return ExitStatus.status(recordFound: false, runFailed: false)
        }
        guard let text else {
            Log.writeToStandardError("flamingo: status: \(location.description): no result record (flamingo has not run here)")
            return ExitStatus.status(recordFound: false, runFailed: false)
        }
        let summary: StatusSummary
        do {
            summary = try StatusSummary(json: text, file: location.description)
        } catch {
            Log.writeToStandardError("flamingo: status: error: \(error)")
            return ExitStatus.status(recordFound: false, runFailed: false)
        }
        print(json ? text : summary.text, terminator: "")
        return ExitStatus.status(recordFound: true, runFailed: summary.failed)
    }
}
