/// `mounts`, `mount_default_fields`, `swap`: entries in the sysroot's /etc/fstab (tagged
/// `comment=cloudconfig`, so a re-run replaces its own lines and never the image's), their mount
/// points created, and a swap file. Mounting is left to the booted system's fstab (flamingo runs
/// before `initrd-parse-etc`, so the initramfs sees these too).
public enum Mounts: Module {
    public static let name = "mounts"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("mounts", Settings.self) { s, r, n, p in s.mounts = CloudConfigDecoder.decodeMounts(&r, n, p) },
        ConfigKey("mount_default_fields", Settings.self) { s, r, n, p in s.mountDefaultFields = CloudConfigDecoder.decodeMountDefaults(&r, n, p) },
        ConfigKey("swap", Settings.self) { s, r, n, p in s.swap = CloudConfigDecoder.decodeSwap(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `mounts`: fstab entries, each 1–6 fields (nil: take `mount_default_fields`' value).
        public var mounts: [MountEntry] = []
        public var mountDefaultFields: [String?] = CloudConfig.defaultMountFields
        public var swap: SwapConfig?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config[Settings.self].mounts.isEmpty || config[Settings.self].swap != nil else {
            plan.notes.append("no mounts or swap in the cloud-config: nothing to do")
            return plan
        }
        let fstab = Fstab(text: try context.sysroot.readText("/etc/fstab") ?? "")
        var entries: [[String?]] = []
        for entry in config[Settings.self].mounts {
            let name = entry.fields[0] ?? ""
            switch MountDevice.resolve(name, aliases: config[DiskSetup.Settings.self].deviceAliases, exists: context.blockDeviceExists) {
            case .skipped(let why):
                plan.notes.append("mounts[\(entry.index)]: \(why): skipped")
                continue
            case .spec(let spec):
                if fstab.imageDevices.contains(spec) {
                    plan.notes.append("mounts[\(entry.index)]: \(spec) is already in the image's fstab: left to it")
                    continue
                }
                var fields = entry.fields
                fields[0] = spec
                // Missing or null fields take mount_default_fields' values.
                for index in 0..<6 {
                    if index >= fields.count { fields.append(config[Settings.self].mountDefaultFields[index]) }
                    else if fields[index] == nil { fields[index] = config[Settings.self].mountDefaultFields[index] }
                }
                // A null mount point removes this device's earlier entries (and this one).
                if fields[1] == nil {
                    for earlier in entries.indices where entries[earlier][0] == spec { entries[earlier][1] = nil }
                }
                entries.append(fields)
            }
        }
        var lines = entries.compactMap { fields -> [String]? in
            guard fields[1] != nil else { return nil }
            return fields.map { $0 ?? "" }
        }
        if let swap = config[Settings.self].swap, let line = try swapFile(swap, context, &plan) { lines.append(line) }
        for fields in lines where fields[1].hasPrefix("/") {
            if try context.sysroot.statusFollowing(fields[1]) == nil {
                plan.actions.append(.makeDirectory(path: fields[1], mode: FileMode(0o755), owner: .root))
            }
        }
        let text = fstab.text(with: lines)
        plan.actions.append(.writeFile(FileWrite(path: "/etc/fstab", text: text, mode: FileMode(0o644), owner: .root)))
        return plan
    }

    /// The swap file's action and fstab line; nil when `size` is 0 or cannot be worked out.
    static func swapFile(_ swap: SwapConfig, _ context: PlanContext, _ plan: inout ModulePlan) throws -> [String]? {
        let bytes: UInt64
        switch swap.size {
        case .bytes(let size):
            bytes = size
        case .auto:
            guard let memory = SwapFile.memory() else {
                plan.notes.append("swap: size auto, but /proc/meminfo is unreadable: no swap file")
                return nil
            }
            let directory = String(swap.filename[..<(swap.filename.lastIndex(of: "/") ?? swap.filename.startIndex)])
            let free = context.sysroot.freeBytes(directory.isEmpty ? "/" : directory)
            bytes = SwapFile.suggestedSize(memory: memory, freeSpace: free, maxSize: swap.maxSize)
        }
        let pages = bytes / SwapFile.pageSize
        guard pages >= 10 else {
            plan.notes.append("swap: size \(bytes) bytes: no swap file")
            return nil
        }
        // The swap header counts pages in 32 bits: a larger area cannot be described (nor trapped on).
        guard pages - 1 <= UInt64(UInt32.max) else {
            plan.diagnostics.append(Diagnostic(.error, file: "user-data", mark: nil,
                "swap.size: \(bytes) bytes is more than a swap area can hold (\(UInt64(UInt32.max) + 1) pages): no swap file"))
            return nil
        }
        plan.actions.append(.swapFile(path: swap.filename, bytes: pages * SwapFile.pageSize))
        return [swap.filename, "none", "swap", "sw", "0", "0"]
    }
}
