/// `growpart`: each listed partition (default: the one behind `/`; for a root on LVM, the partition
/// under its single physical volume, then the PV and the LV) grows into the free space that
/// follows it, every boot; nothing to grow costs a look at the partition table, no program run.
/// `/etc/growroot-disabled` in the sysroot turns it off unless `ignore_growroot_disabled`.
public enum GrowPart: Module {
    public static let name = "growpart"
    public static let frequency = Frequency.perBoot

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("growpart", Settings.self) { s, r, n, p in s.growpart = CloudConfigDecoder.decodeGrowpart(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var growpart = GrowpartConfig()

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config[Settings.self].growpart
        if config.mode == .off {
            plan.notes.append("growpart: mode off: nothing grown")
            return plan
        }
        if !config.ignoreGrowrootDisabled, try context.sysroot.status("/etc/growroot-disabled") != nil {
            plan.notes.append("/etc/growroot-disabled exists: nothing grown (ignore_growroot_disabled overrides)")
            return plan
        }
        for name in config.devices {
            switch DiskTarget.resolve(name, context) {
            case .failure(let problem):
                plan.notes.append("\(name): \(problem)")
            case .success(let target):
                var device = target
                var logicalVolume: SysfsBlock?
                if target.isDeviceMapper {
                    // An LVM logical volume on one physical volume on a partition: grow that
                    // partition, then the PV and the LV. Anything else on device-mapper is not grown.
                    let lower = target.lowerDevices
                    guard target.isLogicalVolume, lower.count == 1, lower[0].partitionNumber != nil else {
                        plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: KeyPath([.key("growpart"), .key("devices")]),
                            "\(name): \(target.node) (\(target.mapperName ?? "device-mapper")) is not an LVM volume on a single partition: not grown"))
                        continue
                    }
                    device = lower[0]
                    logicalVolume = target
                }
                switch PartitionGrowth.plan(device) {
                case .grow(let growth):
                    plan.actions.append(.device(.growPartition(growth)))
                    context.plannedSizes[growth.partition] = growth.newSize
                    if let logicalVolume {
                        let extension_ = LogicalVolumeGrowth(physicalVolume: growth.partition, logicalVolume: "/dev/mapper/" + (logicalVolume.mapperName ?? logicalVolume.name))
                        plan.actions.append(.device(.extendLogicalVolume(extension_)))
                        // Its new size is known only once LVM has extended it: resize_rootfs checks then.
                        context.plannedSizes[logicalVolume.node] = FilesystemGrowth.sizeKnownWhenApplied
                    }
                case .nothing(let why):
                    plan.notes.append(why)
                case .unsupported(let why):
                    plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil,
                                                       keyPath: KeyPath([.key("growpart"), .key("devices")]), "\(name): \(why)"))
                }
            }
        }
        return plan
    }
}

/// A `growpart`/`resize_rootfs` target: a mount point in the sysroot or a `/dev/…` path → the
/// block device.
enum DiskTarget {
    struct Problem: Error, CustomStringConvertible { let description: String }

    static func resolve(_ name: String, _ context: PlanContext) -> Result<SysfsBlock, Problem> {
        if name.hasPrefix("/dev/") {
            guard let device = SysfsBlock.byPath(name) else { return .failure(Problem(description: "not a block device")) }
            return .success(device)
        }
        let mountPoint = mountPath(name, context)
        guard let mount = context.mountTable.mount(at: mountPoint) else {
            return .failure(Problem(description: "\(mountPoint) is not a mount point: nothing to grow"))
        }
        guard let device = context.mountTable.device(of: mount) else {
            return .failure(Problem(description: "\(mountPoint) (\(mount.source), \(mount.type)) is on no block device: nothing to grow"))
        }
        return .success(device)
    }

    /// `/` is the sysroot itself; `/srv` is the sysroot's /srv.
    static func mountPath(_ name: String, _ context: PlanContext) -> String {
        let root = context.sysroot.path
        if name == "/" { return root }
        return (root == "/" ? "" : root) + (name.hasPrefix("/") ? name : "/" + name)
    }
}
