import FlamingoCore

struct Run: FlamingoCommand {
    static let syntax = CommandSyntax(
        name: "run",
        abstract: "Read a config drive and write what it says into a sysroot.",
        discussion: """
            Without --device or --seed, the drive is found by label; finding none is not an error \
            (exit 0, nothing written), and neither is a found drive that cannot be read: the boot \
            goes on. With --device or --seed, such failures exit 1.
            """,
        options: [
            .option("sysroot", "DIR", required: true, help: "The root to contextualize (e.g. /sysroot)."),
            .option("device", "DEV", help: "Use this block device or image file (any filesystem the kernel mounts)."),
            .option("seed", "DIR", help: "Read an unpacked datasource directory instead of a drive."),
            .option("datasource", "NAME", help: "Read this cloud's metadata service (Ec2, GCE, OpenStack, …) instead of looking for a drive."),
            .option("metadata-url", "URL", help: "The metadata service's address (http://ADDRESS[:PORT]/…), instead of the cloud's own; no network is brought up."),
            .option("dmi", "DIR", help: "A directory standing in for /sys/class/dmi/id when identifying the cloud."),
            .option("fw-cfg", "FILE", help: "A file standing in for qemu's fw_cfg entry opt/com.coreos/config (read when no drive is found)."),
        ] + DiscoveryOptions.syntax + [
            .flag("dry-run", help: "Print what would be written and write nothing."),
            .flag("force", help: "Run every step, whatever its frequency (per-instance steps already done run again)."),
            .flag("initrd", help: "Run as the initramfs step: read flamingo.* from the kernel command line, wait for udev, fail only with flamingo.strict=1."),
            .repeatable("mac", "NAME=MAC", help: "An interface and its MAC, instead of /sys/class/net (repeatable)."),
            .option("kernel-cmdline", "FILE", help: "Read flamingo.* (and ostree=) from this file instead of /proc/cmdline (implied by --initrd)."),
        ]
    )

    let request: RunRequest
    let verbose: Bool
    let kernelCmdline: String?

    init(_ arguments: ParsedArguments) throws {
        let device = arguments.value("device"), seed = arguments.value("seed")
        if device != nil && seed != nil { throw UsageError("--device and --seed cannot be used together") }
        let datasource = arguments.value("datasource"), metadataURL = arguments.value("metadata-url")
        if (datasource != nil || metadataURL != nil) && (device != nil || seed != nil) {
            throw UsageError("--datasource and --metadata-url read a metadata service: not with --device or --seed")
        }
        if metadataURL != nil && datasource == nil { throw UsageError("--metadata-url needs --datasource NAME") }
        if let datasource, DatasourceRegistry.service(named: datasource) == nil {
            throw UsageError("--datasource \(datasource): unknown metadata service (known: \(DatasourceRegistry.serviceNames))")
        }
        let macs = arguments.values("mac")
        if !macs.isEmpty { _ = try InterfaceNames(arguments: macs) }
        let discovery = try DiscoveryOptions(arguments)
        let source: RunRequest.Source = device.map { .device($0) } ?? seed.map { .seed($0) } ?? .discover
        var request = RunRequest(sysroot: arguments.required("sysroot"), source: source)
        request.discovery = discovery.options
        request.dryRun = arguments.flag("dry-run")
        request.force = arguments.flag("force")
        request.initrd = arguments.flag("initrd")
        request.macs = macs
        request.datasource = datasource
        do {
            request.metadataURL = try metadataURL.map { try HTTPURL(parsing: $0) }
        } catch {
            throw UsageError("--metadata-url: \(error)")
        }
        if let dmi = arguments.value("dmi") { request.dmiDirectory = dmi }
        if let firmware = arguments.value("fw-cfg") { request.firmwareConfigPath = firmware }
        self.request = request
        verbose = discovery.verbose
        kernelCmdline = arguments.value("kernel-cmdline")
    }

    func run() -> Int32 {
        var request = self.request
        var verbose = self.verbose
        var boot: BootOptions?
        var unreadableCommandLine: String?
        if request.initrd || kernelCmdline != nil {
            let path = kernelCmdline ?? "/proc/cmdline"
            let text: String
            do {
                text = try readCommandLine(path)
            } catch {
                // A runtime outcome, not a usage error: the initramfs step goes on with the
                // defaults (not strict); a rescue run that named the file cannot.
                guard request.initrd else {
                    Log.writeToStandardError("flamingo: run: error: \(path): \(error)")
                    return ExitStatus.unreadable
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
        return report.exitCode
    }
}

/// The kernel command line (or a file standing in for it), as text.
func readCommandLine(_ path: String) throws -> String {
    String(decoding: try FileDescriptor.open(path).readAll(limit: 1 << 20, path: path), as: UTF8.self)
}
