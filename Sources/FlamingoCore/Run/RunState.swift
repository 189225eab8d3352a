/// What earlier runs left in the sysroot: the last instance id and, per module, the instance id
/// it last completed for (`/var/lib/flamingo/sem/<module>`; `once` modules store `once`).
/// A module's mark is written only after it succeeded, so a failed module is retried next boot
/// while the ones that succeeded are not repeated.
public struct RunState {
    public var previousInstanceID: String?
    private var marks: [String: String] = [:]

    public init(sysroot: Sysroot, modules: [String]) {
        previousInstanceID = (try? sysroot.readText(FlamingoPaths.instanceIDFile))??.trimmingWhitespace()
        for module in modules {
            if let mark = (try? sysroot.readText(Self.markPath(module))) ?? nil {
                marks[module] = mark.trimmingWhitespace()
            }
        }
    }

    static func markPath(_ module: String) -> String { "\(FlamingoPaths.semaphoreDirectory)/\(module)" }

    /// Whether `module` runs now, and if not, why not.
    public func decide(_ module: String, _ frequency: Frequency, instanceID: String?, force: Bool) -> (run: Bool, reason: String) {
        if force { return (true, "forced") }
        switch frequency {
        case .perBoot:
            return (true, "per-boot")
        case .once:
            return marks[module] == nil ? (true, "once: first run") : (false, "once: already done")
        case .perInstance:
            guard let instanceID else { return (true, "per-instance: no instance id, so every boot") }
            if marks[module] == instanceID { return (false, "per-instance: already done for instance \(instanceID)") }
            return (true, "per-instance: new instance \(instanceID)")
        }
    }

    /// The action that records `module` as done.
    public static func markAction(_ module: String, _ frequency: Frequency, instanceID: String?) -> Action? {
        let value: String
        switch frequency {
        case .perBoot: return nil
        case .once: value = "once"
        case .perInstance:
            guard let instanceID else { return nil }
            value = instanceID
        }
        return .writeFile(FileWrite(path: markPath(module), text: value + "\n", mode: FileMode(0o644), owner: .root))
    }
}
