/// A device whose filesystem label names a config drive.
public struct DriveCandidate: Equatable, Sendable {
    public var device: String
    public var label: String
    public var fsType: String
}

/// Finds config drives by filesystem label through libblkid.
///
/// Each device is probed once per state (see `BlockDevice.probeKey`): waiting for a late drive
/// re-reads sysfs every interval, which costs no I/O, and probes only what is new or changed.
public final class DriveDiscovery {
    public struct Options: Sendable {
        /// Labels to look for, in order of preference.
        public var labels: [String] = DatasourceRegistry.defaultLabels
        /// Filesystem types a config drive may have. cloud-init accepts these two only.
        public var fsTypes: [String] = DriveDiscovery.defaultFsTypes
        /// How long to wait for a drive to appear; 0 looks once.
        public var timeoutMilliseconds = 0
        public var pollIntervalMilliseconds = 100
        public init() {}
    }

    public static let defaultFsTypes = Defaults.driveFilesystemTypes

    public let options: Options
    let log: Log
    private var probed: [String: FilesystemIdentity?] = [:]
    private let sysfs: String

    public init(options: Options, log: Log, sysfs: String = "/sys/class/block") {
        self.options = options
        self.log = log
        self.sysfs = sysfs
    }

    /// Every device present now whose label and filesystem type match, best label first.
    public func scan() -> [DriveCandidate] {
        var found: [DriveCandidate] = []
        for device in BlockDeviceScan.devices(sysfs: sysfs) {
            guard let identity = identify(device) else { continue }
            let labels = [identity.label, identity.bootSectorLabel].compactMap { $0 }
            guard let label = labels.first(where: options.labels.contains) else { continue }
            let type = identity.type ?? "unknown"
            guard options.fsTypes.contains(type) else {
                log.info("discover", "\(device.node): label \(label) but filesystem \(type) is not accepted "
                         + "(accepted: \(options.fsTypes.joined(separator: ", ")))")
                continue
            }
            found.append(DriveCandidate(device: device.node, label: label, fsType: type))
        }
        return found.sorted {
            let a = options.labels.firstIndex(of: $0.label)!, b = options.labels.firstIndex(of: $1.label)!
            return a != b ? a < b : $0.device < $1.device
        }
    }

    /// The candidates present once there is at least one, best first, waiting up to the timeout
    /// for one to appear; empty when none did.
    public func waitForDrives() -> [DriveCandidate] {
        let deadline = MonotonicClock.milliseconds() + Double(options.timeoutMilliseconds)
        var announced = false
        while true {
            let found = scan()
            if !found.isEmpty { return found }
            let remaining = deadline - MonotonicClock.milliseconds()
            if remaining <= 0 { return [] }
            if !announced {
                log.info("discover", "no config drive yet; waiting up to \(options.timeoutMilliseconds) ms for one labelled "
                         + options.labels.joined(separator: ", "))
                announced = true
            }
            MonotonicClock.sleep(milliseconds: min(options.pollIntervalMilliseconds, Int(remaining.rounded(.up))))
        }
    }

    private func identify(_ device: BlockDevice) -> FilesystemIdentity? {
        if let known = probed[device.probeKey] { return known }
        var identity: FilesystemIdentity?
        do {
            identity = try Blkid.probe(device.node)
        } catch {
            log.debug("discover", "\(device.node): \(error)")
        }
        probed[device.probeKey] = .some(identity)
        return identity
    }
}
