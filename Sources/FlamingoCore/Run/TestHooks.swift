import Glibc

/// Pauses the run at named points, for script-level tests that must interrupt a run there
/// (a SIGTERM while a drive is mounted). Inert unless `FLAMINGO_TEST_PAUSE=<point>:<ms>` is set.
enum TestHooks {
    static func pause(at point: String) {
        guard let setting = getenv("FLAMINGO_TEST_PAUSE").map({ String(cString: $0) }) else { return }
        let parts = setting.split(separator: ":")
        guard parts.count == 2, parts[0] == point, let milliseconds = Int(parts[1]) else { return }
        MonotonicClock.sleep(milliseconds: milliseconds)
    }
}
