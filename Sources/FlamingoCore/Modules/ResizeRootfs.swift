/// `resize_rootfs`: the root filesystem (ext2/3/4, xfs, btrfs) grows online to fill its device —
/// the size growpart planned for it, or its present size — every boot. The superblock says
/// whether there is anything to do, so nothing to grow runs no program.
public enum ResizeRootfs: Module {
    public static let name = "resize_rootfs"
    public static let frequency = Frequency.perBoot

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("resize_rootfs", Settings.self) { s, r, n, p in s.resizeRootfs = CloudConfigDecoder.decodeResizeRootfs(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var resizeRootfs = ResizeRootfsSetting.on

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        if context.config[Settings.self].resizeRootfs == .off {
            plan.notes.append("resize_rootfs: false: the root filesystem is left as it is")
            return plan
        }
        let root = context.sysroot.path
        guard let mount = context.mountTable.mount(at: root), let device = context.mountTable.device(of: mount) else {
            plan.notes.append("\(root) is not a mounted block device: nothing to resize")
            return plan
        }
        guard let size = context.plannedSizes[device.node] ?? device.size else {
            plan.notes.append("\(device.node): size unknown: nothing to resize")
            return plan
        }
        switch FilesystemGrowth.plan(device: device.node, type: mount.type, mountPoint: root, deviceSize: size) {
        case .grow(let growth):
            plan.actions.append(.device(.resizeFilesystem(growth)))
        case .nothing(let why):
            plan.notes.append(why)
        case .unsupported(let why):
            plan.diagnostics.append(Diagnostic(.warning, file: root, mark: nil, keyPath: KeyPath([.key("resize_rootfs")]), why))
        }
        return plan
    }
}
