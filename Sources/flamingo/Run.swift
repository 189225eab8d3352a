import ArgumentParser
import FlamingoCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a config drive and write what it says into a sysroot.",
        discussion: """
            Without --device or --seed, the drive is found by label; finding none is not an error \
            (exit 0, nothing written), and neither is a found drive that cannot be read: the boot \
            goes on. With --device or --seed, such failures exit 1.
            """
    )

    @Option(help: ArgumentHelp("The root to contextualize (e.g. /sysroot).", valueName: "DIR"))
    var sysroot: String

    @Option(help: ArgumentHelp("Use this block device or image file (any filesystem the kernel mounts).", valueName: "DEV"))
    var device: String?

    @Option(help: ArgumentHelp("Read an unpacked datasource directory instead of a drive.", valueName: "DIR"))
    var seed: String?

    @OptionGroup var discovery: DiscoveryOptions

    @Flag(help: "Print what would be written and write nothing.")
    var dryRun = false

    func validate() throws {
        if device != nil && seed != nil { throw ValidationError("--device and --seed cannot be used together") }
    }

    func run() throws {
        let source: RunRequest.Source = device.map { .device($0) } ?? seed.map { .seed($0) } ?? .discover
        var request = RunRequest(sysroot: sysroot, source: source)
        request.discovery = discovery.options
        request.dryRun = dryRun
        let log = Log(verbose: discovery.verbose)
        let report = Runner(request: request, log: log).run()
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
