/// What `flamingo validate` checks, and what `flamingo run` checks the same way before applying.
public enum Validation {
    public enum Kind: String, Sendable { case userData = "user-data", metaData = "meta-data", networkConfig = "network-config" }

    /// Every diagnostic for one input file of the given kind.
    public static func validate(_ input: RawInput, as kind: Kind) -> [Diagnostic] {
        switch kind {
        case .userData:
            if IgnitionDocument.looksLikeIgnition(input.bytes) {
                do { return try IgnitionDocument(parsing: input).diagnostics } catch let diagnostic as Diagnostic { return [diagnostic] } catch {
                    return [Diagnostic(.error, file: input.file, mark: nil, "\(error)")]
                }
            }
            return CloudConfigDecoder(UserDataBundle(userData: input, vendorData: nil)).diagnostics
        case .metaData:
            let isJSON = input.file.hasSuffix(".json")
            do {
                let document = try Document.parse(input, as: isJSON ? .json : .yaml)
                var instance = InstanceData(datasource: "", source: input.file)
                return isJSON ? ConfigDrive.decodeMetaData(document, into: &instance)
                              : NoCloud.decodeMetaData(document, into: &instance)
            } catch let diagnostic as Diagnostic {
                return [diagnostic]
            } catch {
                return [Diagnostic(.error, file: input.file, mark: nil, "\(error)")]
            }
        case .networkConfig:
            // Syntax only: the model needs the machine's interfaces (which NIC has which MAC) to
            // resolve links; `flamingo render-network --mac NAME=MAC` checks an input fully.
            do {
                let document = try Document.parse(input, as: input.file.hasSuffix(".json") ? .json : .yaml)
                return document.warnings
            } catch let diagnostic as Diagnostic {
                return [diagnostic]
            } catch {
                return [Diagnostic(.error, file: input.file, mark: nil, "\(error)")]
            }
        }
    }

    /// Diagnostics as JSON for machines: severity, file, line, column, path, message.
    public static func json(_ diagnostics: [Diagnostic]) -> JSONValue {
        .array(diagnostics.map { diagnostic in
            .object([
                ("severity", .string(diagnostic.severity.rawValue)),
                ("file", .string(diagnostic.file)),
                ("line", diagnostic.mark.map { .number(Double($0.line)) } ?? .null),
                ("column", diagnostic.mark.map { .number(Double($0.column)) } ?? .null),
                ("path", .string(diagnostic.keyPath.description)),
                ("message", .string(diagnostic.message)),
            ])
        })
    }
}
