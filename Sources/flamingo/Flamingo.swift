import ArgumentParser
import FlamingoCore

/// The `flamingo` command line: a thin layer over FlamingoCore.
/// Every command names itself (`commandName`): otherwise ArgumentParser derives the name from the
/// type at run time (`String(describing:)`), a scan of every protocol conformance in the static
/// binary that cost ~4 M instructions, half of `flamingo --version` (callgrind).
@main
struct Flamingo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flamingo",
        abstract: "Contextualize a cloud instance from its config drive, before switch-root.",
        discussion: """
            Exit codes: 0 success (or no config drive found while discovering; in the initramfs \
            step, any failure without flamingo.strict=1); 1 failure (a named device or seed could \
            not be used, invalid input, the last run failed, or — for probe — no drive found); \
            2 a file or record could not be read; 64 a usage error; 128+N ended by signal N.
            """,
        version: FlamingoVersion.current,
        subcommands: [Probe.self, Run.self, Status.self, Validate.self, RenderNetwork.self]
    )
}

/// Options shared by the commands that look for a drive.
struct DiscoveryOptions: ParsableArguments {
    @Option(name: .customLong("label"), help: ArgumentHelp(
        "A filesystem label to look for (repeatable; default: \(DatasourceRegistry.defaultLabels.joined(separator: ", "))).",
        valueName: "L"))
    var labels: [String] = []

    @Option(name: .customLong("fstype"), help: ArgumentHelp(
        "A filesystem type a config drive may have (repeatable; default: \(DriveDiscovery.defaultFsTypes.joined(separator: ", "))).",
        valueName: "T"))
    var fsTypes: [String] = []

    @Option(help: ArgumentHelp("Seconds to wait for a drive to appear; 0 looks once.", valueName: "S"))
    var timeout: Double = 0

    @Flag(help: "Print detail (every device probed, every file unchanged).")
    var verbose = false

    func validate() throws {
        guard timeout >= 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    var options: DriveDiscovery.Options {
        var options = DriveDiscovery.Options()
        if !labels.isEmpty { options.labels = labels }
        if !fsTypes.isEmpty { options.fsTypes = fsTypes }
        options.timeoutMilliseconds = Int(timeout * 1000)
        return options
    }
}
