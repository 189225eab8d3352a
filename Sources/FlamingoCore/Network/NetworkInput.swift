/// Reads any network description a config drive carries into the model: OpenStack
/// network_data.json, or cloud-init network config v1/v2 (with or without the `network:`
/// wrapper; `config: disabled` means "write nothing").
public enum NetworkInput {
    public enum Format: String, Sendable, CaseIterable {
        case networkData = "network_data.json", v1, v2
    }

    public enum Result: Sendable {
        case config(NetworkConfig)
        /// `config: disabled`: leave the image's network configuration alone.
        case disabled
    }

    /// The format an input says it is: JSON with `links` is network_data.json; otherwise its `version`.
    public static func detect(_ document: Document) -> Format? {
        let root = document.root["network"] ?? document.root
        if document.root["links"] != nil || document.root["networks"] != nil { return .networkData }
        switch root["version"]?.scalar?.text {
        case "1": return .v1
        case "2": return .v2
        default: return nil
        }
    }

    public static func parse(_ input: RawInput, format given: Format?, names: InterfaceNames) -> (Result?, [Diagnostic]) {
        let document: Document
        do {
            // JSON is YAML too, but the JSON parser's messages are better for JSON input.
            let isJSON = input.file.hasSuffix(".json") || input.bytes.first(where: { $0 != 0x20 && $0 != 0x0A }) == UInt8(ascii: "{")
            document = try Document.parse(input, as: isJSON ? .json : .yaml)
        } catch let diagnostic as Diagnostic {
            return (nil, [diagnostic])
        } catch {
            return (nil, [Diagnostic(.error, file: input.file, mark: nil, "\(error)")])
        }
        let root = document.root["network"] ?? document.root
        if root["config"]?.scalar?.text == "disabled" { return (.disabled, document.warnings) }
        guard let format = given ?? detect(document) else {
            return (nil, [Diagnostic(.error, file: input.file, mark: document.root.mark,
                                     "cannot tell the format: expected network_data.json (links, networks) or a network config with version 1 or 2")])
        }
        var config: NetworkConfig
        var diagnostics: [Diagnostic]
        switch format {
        case .networkData:
            (config, diagnostics) = OpenStackNetworkData.parse(document, names: names)
        case .v1, .v2:
            var reader = DocumentReader(document: document)
            config = format == .v1 ? NetworkConfigV1.parse(root, reader: &reader, names: names)
                                   : NetworkConfigV2.parse(root, reader: &reader, names: names)
            diagnostics = reader.diagnostics
        }
        diagnostics += DefaultGateways.conflicts(config, file: input.file)
        config.declareImpliedInterfaces()
        config.markOnLinkGateways()
        // A value that would add a line, a field or a path component to a rendered file refuses
        // the whole description: nothing half-configured.
        let problems = NetworkValidation.problems(config)
        guard problems.isEmpty else {
            diagnostics += problems.map { Diagnostic(.error, file: input.file, mark: nil, "\($0); the network description is not rendered") }
            return (nil, diagnostics)
        }
        return (.config(config), diagnostics)
    }

    /// cloud-init's fallback when the drive has no network description: DHCPv4 on the primary
    /// physical NIC (`PrimaryInterface`: `eth0`, else the first in natural order), bound to its MAC.
    public static func fallback(_ names: InterfaceNames) -> NetworkConfig? {
        guard let first = PrimaryInterface.ordered(names.entries.filter(\.isPreferred), name: \.name).first else { return nil }
        var interface = NetworkInterface(name: first.name, kind: .physical)
        interface.macAddress = first.mac
        interface.subnets = [Subnet(method: .dhcp4)]
        var config = NetworkConfig()
        config.interfaces = [interface]
        return config
    }
}
