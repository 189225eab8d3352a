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
    /// Where drives are mounted, each on a private directory of its own.
    public var runDirectory = "/run/flamingo"

    public init(sysroot: String, source: Source) {
        self.sysroot = sysroot
        self.source = source
    }
}

/// How a run went, step by step.
public struct RunReport: Sendable {
    public enum Status: String, Sendable { case ok, skipped, failed }

    public struct Step: Sendable {
        public var name: String
        public var status: Status
        public var milliseconds: Double
        public var messages: [String]
    }

    public var steps: [Step] = []
    public var datasource: String?
    public var source: String?
    public var instanceID: String?
    /// 0: done (or nothing to do); 1: a forced source could not be used, or errors were found.
    public var exitCode: Int32 = 0

    public var failed: Bool { steps.contains { $0.status == .failed } }
}
