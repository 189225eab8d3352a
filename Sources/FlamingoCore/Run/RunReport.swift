/// How a run went, step by step: what the result record holds.
public struct RunReport: Sendable {
    public enum Status: String, Sendable { case ok, skipped, failed }

    public struct Step: Sendable {
        public var name: String
        public var status: Status
        public var milliseconds: Double
        public var messages: [String]
        /// For module steps: the frequency and why the step ran or did not.
        public var frequency: Frequency?
        public var reason: String?
    }

    public var started = WallClock.iso8601Now()
    public var mode = "run"
    public var sysroot: String?
    public var dryRun = false
    public var forced = false
    public var disabled = false
    public var steps: [Step] = []
    public var datasource: String?
    public var source: String?
    public var instanceID: String?
    public var previousInstanceID: String?
    /// The stateroot var bound over `<sysroot>/var` on an ostree system.
    public var ostreeVar: String?
    public var milliseconds: Double = 0
    /// The process's exit status (`ExitStatus.run`): 0 done, or a failure that does not count; 1 a failure that does.
    public var exitCode: Int32 = 0

    public var failed: Bool { steps.contains { $0.status == .failed } }

    /// One word for the whole run: `disabled`, `no-datasource`, `failed` or `ok`.
    public var outcome: String {
        if disabled { return "disabled" }
        if failed { return "failed" }
        if datasource == nil { return "no-datasource" }
        return "ok"
    }
}
