import FlamingoCore

struct Probe: FlamingoCommand {
    static let syntax = CommandSyntax(
        name: "probe",
        abstract: "List config-drive candidates found by label through libblkid.",
        discussion: "Prints one line per candidate: device, label, filesystem type. Exit 0 if one was found, 1 if none.",
        options: DiscoveryOptions.syntax
    )

    let discovery: DiscoveryOptions

    init(_ arguments: ParsedArguments) throws {
        discovery = try DiscoveryOptions(arguments)
    }

    func run() -> Int32 {
        let log = Log(verbose: discovery.verbose)
        let finder = DriveDiscovery(options: discovery.options, log: log)
        let candidates = finder.waitForDrives()
        for candidate in candidates {
            print("\(candidate.device)\t\(candidate.label)\t\(candidate.fsType)")
        }
        if candidates.isEmpty {
            log.info("probe", "no config drive with label \(discovery.options.labels.joined(separator: ", "))")
        }
        return ExitStatus.probe(found: !candidates.isEmpty)
    }
}
