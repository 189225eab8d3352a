import FlamingoCore

struct Validate: FlamingoCommand {
    static let syntax = CommandSyntax(
        name: "validate",
        abstract: "Check user-data (and meta-data or network config) against flamingo's model.",
        discussion: """
            Every problem is printed with file, line:column, key path, what was expected and what was \
            found. Unknown keys are warnings (with a suggestion when a known key is close); wrong \
            types and bad values are errors. Exit 0: valid (warnings allowed); 1: errors; 2: a file \
            could not be read.
            """,
        options: [
            .repeatable("meta-data", "FILE", help: "A meta-data file (YAML, or meta_data.json)."),
            .repeatable("network-config", "FILE", help: "A network configuration file."),
            .option("format", "FORMAT", help: "Output format: text or json (default: text)."),
        ],
        positionals: (valueName: "FILE", help: "User-data files (#cloud-config, MIME, gzip, scripts, Ignition configs).")
    )

    enum Format: String { case text, json }

    let inputs: [(path: String, kind: Validation.Kind)]
    let format: Format

    init(_ arguments: ParsedArguments) throws {
        inputs = arguments.positionals.map { ($0, Validation.Kind.userData) }
            + arguments.values("meta-data").map { ($0, .metaData) }
            + arguments.values("network-config").map { ($0, .networkConfig) }
        guard !inputs.isEmpty else { throw UsageError("name at least one file to validate") }
        let formatName = arguments.value("format") ?? "text"
        guard let format = Format(rawValue: formatName) else { throw UsageError("--format must be text or json, not '\(formatName)'") }
        self.format = format
    }

    func run() -> Int32 {
        var diagnostics: [Diagnostic] = []
        var unreadable = false
        for (path, kind) in inputs {
            do {
                let bytes = try FileDescriptor.open(path).readAll(limit: DriveContents.fileLimit, path: path)
                diagnostics += Validation.validate(RawInput(file: path, bytes: bytes), as: kind)
            } catch {
                Log.writeToStandardError("flamingo: validate: error: \(path): cannot read: \(error)")
                unreadable = true
            }
        }
        switch format {
        case .json: print(Validation.json(diagnostics).text(), terminator: "")
        case .text: for diagnostic in diagnostics { print(diagnostic.description) }
        }
        return ExitStatus.validate(unreadable: unreadable, errors: diagnostics.contains { $0.severity == .error })
    }
}
