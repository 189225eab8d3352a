/// What `flamingo run` was asked to do.
public struct RunRequest: Sendable {
    public enum Source: Sendable, Equatable {
        /// Find a drive by label through libblkid; finding none is not an error.
        case discover
        /// A block device or image file the operator named.
        case device(String)
        /// An unpacked datasource directory (NoCloud layout or an `openstack/` tree).
        case seed(String)

        /// Whether the operator named the source: then a failure to read it fails the run.
        public var isForced: Bool { self != .discover }
    }

    public var sysroot: String
    public var source: Source
    public var discovery = DriveDiscovery.Options()
    /// Filesystem type for `--device`; nil lets libblkid decide.
    public var deviceFsType: String?
    public var dryRun = false
    /// Run every step whatever its frequency says.
    public var force = false
    /// Running as the initramfs step: wait for udev first, fail only when `strict`.
    public var initrd = false
    /// A failure makes the run fail even when the source was discovered (`flamingo.strict=1`).
    public var strict = false
    /// `ostree=` from the kernel command line, to find an ostree deployment's stateful /var.
    public var ostreeArgument: String?
    /// `flamingo.network.renderer=` from the kernel command line.
    public var networkRenderer: String?
    /// `NAME=MAC` pairs standing for /sys/class/net (a rescue shell, an image build, tests).
    public var macs: [String] = []
    /// Where drives are mounted and the host-side result record is written; nil writes no record.
    public var runDirectory: String? = FlamingoPaths.runDirectory
    /// How long the initramfs step waits for udev's queue to drain.
    public var udevTimeoutMilliseconds = Defaults.udevTimeoutMilliseconds

    /// A metadata service to read instead of identifying the cloud (`flamingo.datasource=`, `--datasource`).
    public var datasource: String?
    /// The service's address instead of its own (`--metadata-url`: a rescue shell, tests); no
    /// network is brought up for it.
    public var metadataURL: HTTPURL?
    public var metadataTimeoutMilliseconds = Defaults.metadataTimeoutMilliseconds
    public var dhcpTimeoutMilliseconds = Defaults.dhcpTimeoutMilliseconds
    /// cloud-init's `ds=` from the kernel command line.
    public var seedArgument: String?
    public var allowIMDSv1 = false
    /// `rd.neednet=1`: the network brought up for the service stays for the booted system.
    public var keepNetwork = false
    /// A stand-in for /sys/class/dmi/id (`--dmi`: a rescue shell, tests).
    public var dmiDirectory = "/sys/class/dmi/id"
    /// A file standing in for the firmware sources' entry (`--fw-cfg FILE`: tests, rescue shells).
    public var firmwareConfigPath: String?

    public init(sysroot: String, source: Source) {
        self.sysroot = sysroot
        self.source = source
    }

    /// Applies the kernel command line's `flamingo.*` arguments (the initramfs step, or a rescue
    /// run repeating it). The caller has already checked `enabled`.
    public mutating func apply(_ boot: BootOptions) {
        if let seconds = boot.timeoutSeconds { discovery.timeoutMilliseconds = Int(seconds * 1000) }
        if !boot.labels.isEmpty { discovery.labels = boot.labels }
        if let device = boot.device { source = .device(device) }
        strict = boot.strict
        ostreeArgument = boot.ostree
        networkRenderer = boot.networkRenderer
        if let name = boot.datasource {
            if let drive = DatasourceRegistry.drive(named: name) {
                // A drive's datasource: drives are looked for as usual, with its labels only.
                if boot.labels.isEmpty { discovery.labels = drive.labels }
            } else {
                datasource = name
            }
        }
        if let seconds = boot.metadataTimeoutSeconds { metadataTimeoutMilliseconds = Int(seconds * 1000) }
        allowIMDSv1 = allowIMDSv1 || boot.allowIMDSv1
        seedArgument = boot.seed
        keepNetwork = boot.keepNetwork
    }
}
