import Glibc

/// This process: its end, its id, its environment.
public enum Process {
    /// Ends the process with `status`, flushing what `print` buffered.
    public static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }

    public static var id: Int32 { getpid() }

    /// An environment variable's value (for the test hooks; nothing else reads the environment).
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

extension Process {
    /// Whether a process `pid` exists (`kill(pid, 0)`; one of another user's counts too).
    public static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}

extension Process {
    /// SIGKILL to this process (the crash-safety test hook): no handler, no cleanup.
    public static func killSelf() -> Never {
        raise(SIGKILL)
        Glibc.abort()
    }
}
