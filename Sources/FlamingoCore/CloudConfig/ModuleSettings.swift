/// The part of the cloud-config one module reads, declared in the module's own file together
/// with the keys that fill it (`ConfigKey`) and the planning that reads it.
public protocol ModuleSettings: Sendable {
    /// cloud-init's defaults: what a module sees when none of its keys is given.
    init()
}

/// One top-level cloud-config key: its name, and how its value is decoded into the settings of
/// the module that owns it. Every module lists its keys (`Module.configKeys`); the decoder knows
/// only the keys it is given (`ModuleRegistry.configKeys`).
public struct ConfigKey: Sendable {
    public let name: String
    let decode: @Sendable (inout CloudConfig, inout DocumentReader, Node, KeyPath) -> Void

    public init<S: ModuleSettings>(_ name: String, _ settings: S.Type,
                                   _ decode: @escaping @Sendable (inout S, inout DocumentReader, Node, KeyPath) -> Void) {
        self.name = name
        self.decode = { config, reader, node, path in decode(&config[S.self], &reader, node, path) }
    }
}
