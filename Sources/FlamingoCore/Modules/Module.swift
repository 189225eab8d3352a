/// A unit of contextualization, named after the cloud-config module it implements. A module
/// reads the instance data, the cloud-config and the sysroot, and returns actions; it never writes.
///
/// To add one: a new file in `Modules/` with a type conforming to this protocol — its keys, their
/// decoding into its `Settings`, its planning — and one line in `ModuleRegistry.all`.
public protocol Module: Sendable {
    /// cloud-init's name for it where one exists (`set_hostname`).
    static var name: String { get }
    /// How often it runs (docs/boot.md lists each module's).
    static var frequency: Frequency { get }
    /// The cloud-config keys it reads (its `Settings`, declared beside it): the decoder knows
    /// every module's, so a key and the module that acts on it are one file.
    static var configKeys: [ConfigKey] { get }
    static func plan(_ context: PlanContext) throws -> ModulePlan
}

/// What modules see while planning. The sysroot is for reading only here; the account database
/// is shared, so that a module planned later (write_files owners) sees the users an earlier one
/// (users_groups) will create.
public final class PlanContext {
    public let instance: InstanceData
    public let sysroot: SysrootView
    public let config: CloudConfig
    /// Scripts and boothooks from user-data and vendor-data, in order.
    public let scripts: [UserDataPart]
    /// Which interface has which MAC (the kernel's view, /sys/class/net).
    public var interfaceNames = InterfaceNames.fromSysfs()
    /// `flamingo.network.renderer=` from the kernel command line.
    public var networkRenderer: String?
    /// What is mounted where (growpart and resize_rootfs find the sysroot's device in it).
    public var mountTable = MountTable.current()
    /// Sizes partitions will have once planned growth is applied, by device node (growpart tells
    /// resize_rootfs).
    public var plannedSizes: [String: UInt64] = [:]
    /// Commands earlier modules leave to the booted system, run by the hand-off once per instance
    /// in cloud-init's order: `early` ones (locale-gen, the CA trust store, packages) before the
    /// user's runcmd and scripts, the others (keys to the console, phone_home, final_message,
    /// power_state) after them.
    public var handoffCommands: [(name: String, script: String, early: Bool)] = []
    /// Whether a block device exists (mounts checks the devices it lists; injectable for tests).
    public var blockDeviceExists: MountDevice.Exists = MountDevice.liveSystem
    private var loadedAccounts: AccountDatabase?
    private var resolvedDefaultUser: (user: UserSpec?, diagnostics: [Diagnostic])?

    public init(instance: InstanceData, sysroot: SysrootView, config: CloudConfig = CloudConfig(), scripts: [UserDataPart] = []) {
        self.instance = instance
        self.sysroot = sysroot
        self.config = config
        self.scripts = scripts
    }

    /// The sysroot's users and groups with the changes earlier modules planned.
    public func accounts() throws -> AccountDatabase {
        if let loadedAccounts { return loadedAccounts }
        let database = try AccountDatabase(sysroot)
        loadedAccounts = database
        return database
    }

    public func update(_ accounts: AccountDatabase) { loadedAccounts = accounts }

    /// The distribution's default user, when the cloud-config's users include it (the default).
    /// `user:` adds it whatever `users` says, as cloud-init does.
    public var defaultUser: UserSpec? {
        let includes = config[UsersGroups.Settings.self].users.map { $0.contains { if case .defaultUser = $0 { return true } else { return false } } } ?? true
        guard includes || config[UsersGroups.Settings.self].defaultUserOverride != nil else { return nil }
        return defaultUserSetting.user
    }

    /// The image's default user (built in, or /etc/flamingo/flamingo.yaml's), with cloud-config's
    /// `user:` applied over it.
    public var defaultUserSetting: (user: UserSpec?, diagnostics: [Diagnostic]) {
        if let resolvedDefaultUser { return resolvedDefaultUser }
        var resolved = DefaultUser.resolve(sysroot)
        if let override = config[UsersGroups.Settings.self].defaultUserOverride {
            if let base = resolved.user {
                resolved.user = override.applied(to: base)
            } else if override.keys.contains("name") {
                resolved.user = override.spec  // the image has none: `user:` is the whole of it
            }
        }
        resolvedDefaultUser = resolved
        return resolved
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
