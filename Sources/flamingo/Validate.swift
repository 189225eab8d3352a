import ArgumentParser
import FlamingoCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check user-data (and meta-data or network config) against flamingo's model.",
        discussion: """
            Every problem is printed with file, line:column, key path, what was expected and what was \
            found. Unknown keys are warnings (with a suggestion when a known key is close); wrong \
            types and bad values are errors. Exit 0: valid (warnings allowed); 1: errors; 2: a file \
            could not be read.
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: ArgumentHelp("User-data files (#cloud-config, MIME, gzip, scripts).", valueName: "FILE"))
    var userData: [String] = []

    @Option(name: .customLong("meta-data"), help: ArgumentHelp("A meta-data file (YAML, or meta_data.json).", valueName: "FILE"))
    var metaData: [String] = []

    @Option(name: .customLong("network-config"), help: ArgumentHelp("A network configuration file.", valueName: "FILE"))
    var networkConfig: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if userData.isEmpty && metaData.isEmpty && networkConfig.isEmpty {
            throw ValidationError("name at least one file to validate")
        }
    }

    func run() throws {
        var diagnostics: [Diagnostic] = []
        var unreadable = false
        let inputs = userData.map { ($0, Validation.Kind.userData) } + metaData.map { ($0, .metaData) }
            + networkConfig.map { ($0, .networkConfig) }
        for (path, kind) in inputs {
            do {
                let bytes = try FileDescriptor.open(path, flags: 0).readAll(limit: DriveContents.fileLimit, path: path)
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
        let status = ExitStatus.validate(unreadable: unreadable, errors: diagnostics.contains { $0.severity == .error })
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}
