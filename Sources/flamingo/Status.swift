import ArgumentParser
import FlamingoCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last run's result record.",
        discussion: """
            Without --sysroot: the host side's record, /run/flamingo/result.json (in the booted \
            system, the initramfs run's). With --sysroot: the record kept in that root's \
            /var/lib/flamingo/ (on ostree systems, in the stateroot's var). Exit 0 if the last run \
            did not fail, 1 if it failed (its errors are shown), 2 if there is no record or it \
            cannot be read.
            """
    )

    @Option(help: ArgumentHelp("Read the record kept in this root.", valueName: "DIR"))
    var sysroot: String?

    @Flag(help: "Print the record as JSON, as stored.")
    var json = false

    func run() throws {
        let location = RecordLocation(sysroot: sysroot)
        let text: String?
        do {
            text = try location.read()
        } catch {
            Log.writeToStandardError("flamingo: status: error: \(location.description): cannot read: \(error)")
            throw ExitCode(ExitStatus.status(recordFound: false, runFailed: false))
        }
        guard let text else {
            Log.writeToStandardError("flamingo: status: \(location.description): no result record (flamingo has not run here)")
            throw ExitCode(ExitStatus.status(recordFound: false, runFailed: false))
        }
        let summary: StatusSummary
        do {
            summary = try StatusSummary(json: text, file: location.description)
        } catch {
            Log.writeToStandardError("flamingo: status: error: \(error)")
            throw ExitCode(ExitStatus.status(recordFound: false, runFailed: false))
        }
        print(json ? text : summary.text, terminator: "")
        let status = ExitStatus.status(recordFound: true, runFailed: summary.failed)
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}
