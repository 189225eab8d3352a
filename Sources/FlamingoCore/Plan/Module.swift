/// A unit of contextualization, named after the cloud-config module it implements. A module
/// reads the instance data and the sysroot and returns actions; it never writes.
///
/// To add one: a new file in `Modules/` with a type conforming to this protocol, and one line in
/// `ModuleRegistry.all`.
public protocol Module: Sendable {
    /// cloud-init's name for it where one exists (`set_hostname`).
    static var name: String { get }
    /// How often it runs (docs/boot.md lists each module's).
    static var frequency: Frequency { get }
    static func plan(_ context: PlanContext) throws -> ModulePlan
}

/// What a module may look at while planning. The sysroot is for reading only here.
public struct PlanContext {
    public var instance: InstanceData
    public var sysroot: Sysroot

    public init(instance: InstanceData, sysroot: Sysroot) {
        self.instance = instance
        self.sysroot = sysroot
    }
}

/// A module's result: the actions, plus the problems it found in its input (a skipped value).
public struct ModulePlan: Sendable {
    public var actions: [Action] = []
    public var diagnostics: [Diagnostic] = []
    /// Plain-words notes for the log ("no hostname in the metadata: nothing to do").
    public var notes: [String] = []
    public init() {}
}
