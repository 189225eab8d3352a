/// A parsed input file: its name for messages, its tree, and the warnings parsing raised.
public struct Document: Sendable {
    public enum Format: String, Sendable { case yaml, json }

    public var file: String
    public var root: Node
    public var warnings: [Diagnostic]

    /// Parses YAML through libyaml or JSON through `JSONParser`; both keep line and column.
    public static func parse(_ input: RawInput, as format: Format) throws -> Document {
        var warnings: [Diagnostic] = []
        let root: Node
        switch format {
        case .yaml: root = try YAMLParser(file: input.file).parse(input.bytes, warnings: &warnings)
        case .json: root = try JSONParser(file: input.file).parse(input.bytes, warnings: &warnings)
        }
        return Document(file: input.file, root: root, warnings: warnings)
    }
}
