import FlamingoCore

struct RenderNetwork: FlamingoCommand {
    static let syntax = CommandSyntax(
        name: "render-network",
        abstract: "Render a network description offline into the files a network stack reads.",
        discussion: """
            For image builders and comparisons. Reads OpenStack network_data.json or cloud-init network \
            config v1/v2 (--format may be left out: the input says what it is), and writes the renderer's \
            files under --out as they would be under a sysroot. Physical NICs are named from their MAC \
            through --mac NAME=MAC (else this machine's /sys/class/net). Exit 1 on invalid input.
            """,
        options: [
            .option("input", "FILE", required: true, help: "The network description."),
            .option("format", "FORMAT", help: "network_data.json, v1 or v2."),
            .option("renderer", "NAME", required: true, help: "The renderer: \(NetworkRendererRegistry.all.map { $0.name }.joined(separator: ", "))."),
            .option("out", "DIR", required: true, help: "Where to write (a directory standing for the sysroot)."),
            .repeatable("mac", "NAME=MAC", help: "An interface and its MAC address (repeatable)."),
        ]
    )

    let input: String
    let format: NetworkInput.Format?
    let renderer: any NetworkRenderer.Type
    let out: String
    let macs: [String]

    init(_ arguments: ParsedArguments) throws {
        input = arguments.required("input")
        out = arguments.required("out")
        macs = arguments.values("mac")
        if let name = arguments.value("format") {
            guard let format = NetworkInput.Format(rawValue: name) else {
                throw UsageError("--format must be one of \(NetworkInput.Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.format = format
        } else {
            format = nil
        }
        guard let renderer = NetworkRendererRegistry.named(arguments.required("renderer")) else {
            throw UsageError("--renderer must be one of \(NetworkRendererRegistry.all.map { $0.name }.joined(separator: ", "))")
        }
        self.renderer = renderer
    }

    func run() throws -> Int32 {
        let names = macs.isEmpty ? InterfaceNames.fromSysfs() : try InterfaceNames(arguments: macs)
        let bytes: [UInt8]
        do {
            bytes = try FileDescriptor.open(input).readAll(limit: DriveContents.fileLimit, path: input)
        } catch {
            Log.writeToStandardError("flamingo: render-network: error: \(input): cannot read: \(error)")
            return ExitStatus.unreadable
        }
        let (result, diagnostics) = NetworkInput.parse(RawInput(file: input, bytes: bytes), format: format, names: names)
        for diagnostic in diagnostics { Log.writeToStandardError("flamingo: render-network: \(diagnostic)") }
        guard let result, !diagnostics.contains(where: { $0.severity == .error }) else { return ExitStatus.failure }
        guard case .config(let config) = result else {
            Log.writeToStandardError("flamingo: render-network: \(input): config: disabled: nothing to render")
            return ExitStatus.success
        }
        try FileSystem.makeDirectories(out)
        let target = try Sysroot(path: out)
        let applier = Applier(sysroot: target, log: Log())
        let writes = renderer.render(config)
        return applier.apply(writes.map(Action.writeFile), step: "render-network").contains(.failed) ? ExitStatus.failure : ExitStatus.success
    }
}
