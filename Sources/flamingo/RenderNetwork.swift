import ArgumentParser
import FlamingoCore
import Glibc

struct RenderNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-network",
        abstract: "Render a network description offline into the files a network stack reads.",
        discussion: """
            For image builders and comparisons. Reads OpenStack network_data.json or cloud-init network \
            config v1/v2 (--format may be left out: the input says what it is), and writes the renderer's \
            files under --out as they would be under a sysroot. Physical NICs are named from their MAC \
            through --mac NAME=MAC (else this machine's /sys/class/net). Exit 1 on invalid input.
            """
    )

    @Option(help: ArgumentHelp("The network description.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("network_data.json, v1 or v2.", valueName: "FORMAT"))
    var format: String?

    @Option(help: ArgumentHelp("The renderer: \(NetworkRendererRegistry.all.map { $0.name }.joined(separator: ", ")).", valueName: "NAME"))
    var renderer: String

    @Option(help: ArgumentHelp("Where to write (a directory standing for the sysroot).", valueName: "DIR"))
    var out: String

    @Option(name: .customLong("mac"), help: ArgumentHelp("An interface and its MAC address (repeatable).", valueName: "NAME=MAC"))
    var macs: [String] = []

    func validate() throws {
        if let format, NetworkInput.Format(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(NetworkInput.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if NetworkRendererRegistry.named(renderer) == nil {
            throw ValidationError("--renderer must be one of \(NetworkRendererRegistry.all.map { $0.name }.joined(separator: ", "))")
        }
    }

    func run() throws {
        let names = macs.isEmpty ? InterfaceNames.fromSysfs() : try InterfaceNames(arguments: macs)
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.open(input, flags: 0).readAll(limit: DriveContents.fileLimit, path: input)
        } catch {
            throw ValidationError("cannot read \(input): \(error)")
        }
        let (result, diagnostics) = NetworkInput.parse(RawInput(file: input, bytes: bytes), format: format.flatMap(NetworkInput.Format.init), names: names)
        for diagnostic in diagnostics { Log.writeToStandardError("flamingo: render-network: \(diagnostic)") }
        guard let result, !diagnostics.contains(where: { $0.severity == .error }) else { throw ExitCode(1) }
        guard case .config(let config) = result else {
            Log.writeToStandardError("flamingo: render-network: \(input): config: disabled: nothing to render")
            return
        }
        let log = Log()
        makeDirectories(out)
        let target = try Sysroot(path: out)
        let applier = Applier(sysroot: target, log: log)
        let writes = NetworkRendererRegistry.named(renderer)!.render(config)
        if applier.apply(writes.map(Action.writeFile), step: "render-network").contains(.failed) { throw ExitCode(1) }
    }
}

/// `mkdir -p` for the output directory (an ordinary directory of the caller's, not a sysroot).
func makeDirectories(_ path: String) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        prefix += "/" + component
        mkdir(prefix, 0o755)
    }
}
