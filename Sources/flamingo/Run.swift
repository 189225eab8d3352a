import ArgumentParser
import FlamingoCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
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

    @Flag(help: "Run every step, whatever its frequency (per-instance steps already done run again).")
    var force = false

    @Flag(help: ArgumentHelp(
        "Run as the initramfs step: read flamingo.* from the kernel command line, wait for udev, fail only with flamingo.strict=1."))
    var initrd = false

    @Option(name: .customLong("mac"), help: ArgumentHelp("An interface and its MAC, instead of /sys/class/net (repeatable).", valueName: "NAME=MAC"))
    var macs: [String] = []

    @Option(help: ArgumentHelp("Read flamingo.* (and ostree=) from this file instead of /proc/cmdline (implied by --initrd).",
                               valueName: "FILE"))
    var kernelCmdline: String?

    func validate() throws {
        if device != nil && seed != nil { throw ValidationError("--device and --seed cannot be used together") }
        if !macs.isEmpty { _ = try InterfaceNames(arguments: macs) }
    }

    func run() throws {
        let source: RunRequest.Source = device.map { .device($0) } ?? seed.map { .seed($0) } ?? .discover
        var request = RunRequest(sysroot: sysroot, source: source)
        request.discovery = discovery.options
        request.dryRun = dryRun
        request.force = force
        request.initrd = initrd
        request.macs = macs
        var verbose = discovery.verbose
        var boot: BootOptions?
        var unreadableCommandLine: String?
        if initrd || kernelCmdline != nil {
            let path = kernelCmdline ?? "/proc/cmdline"
            let text: String
            do {
                text = try readCommandLine(path)
            } catch {
                // A runtime outcome, not a usage error: the initramfs step goes on with the
                // defaults (not strict); a rescue run that named the file cannot.
                guard initrd else {
                    Log.writeToStandardError("flamingo: run: error: \(path): \(error)")
                    throw ExitCode(ExitStatus.unreadable)
                }
                unreadableCommandLine = "\(path): \(error); going on with the defaults"
                text = ""
            }
            let options = BootOptions(KernelCommandLine(text))
            request.apply(options)
            verbose = verbose || options.debug
            boot = options
        }
        let log = Log(verbose: verbose)
        if let unreadableCommandLine { log.error("cmdline", unreadableCommandLine) }
        for warning in boot?.warnings ?? [] { log.warning("cmdline", warning) }
        let runner = Runner(request: request, log: log)
        let report = boot?.enabled == false ? runner.recordDisabled() : runner.run()
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// The kernel command line (or a file standing in for it), as text.
func readCommandLine(_ path: String) throws -> String {
    String(decoding: try FileDescriptor.open(path, flags: 0).readAll(limit: 1 << 20, path: path), as: UTF8.self)
}
