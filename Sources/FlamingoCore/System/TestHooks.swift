/// Pauses the run at named points, for script-level tests that must interrupt a run there
/// (a SIGTERM while a drive is mounted), or kills it: `FLAMINGO_TEST_CRASH=write:N` sends SIGKILL
/// to itself while the Nth file of the run is written — filled, not yet renamed into place (the
/// crash-safety test); `FLAMINGO_TEST_CRASH=trap:N` makes the run trap there as a Swift bug would
/// (SIGILL: the failure-policy test); `FLAMINGO_TEST_CRASH=rename:N` sends SIGKILL after the Nth
/// rename of files written together (between the account files). Inert unless the variables are set.
enum TestHooks {
    nonisolated(unsafe) private static var writes = 0
    nonisolated(unsafe) private static var renames = 0

    /// Called by the sysroot writer after each rename of a batch written together.
    static func renamedTogether() {
        guard let setting = Process.environment("FLAMINGO_TEST_CRASH"),
              setting.hasPrefix("rename:"), let crashAt = Int(setting.dropFirst("rename:".count)) else { return }
        renames += 1
        if renames == crashAt { Process.killSelf() }
    }

    /// Called by the sysroot writer between filling a file and renaming it into place.
    static func fileFilled() {
        guard let setting = Process.environment("FLAMINGO_TEST_CRASH") else { return }
        let parts = setting.split(separator: ":")
        guard parts.count == 2, parts[0] == "write" || parts[0] == "trap", let crashAt = Int(parts[1]) else { return }
        writes += 1
        guard writes == crashAt else { return }
        if parts[0] == "trap" { fatalError("test hook: a crash while writing file \(crashAt)") }
        Process.killSelf()
    }

    /// `FLAMINGO_TEST_PAUSE=POINT:MS[,POINT:MS…]`: sleeps MS milliseconds at each named point.
    static func pause(at point: String) {
        guard let setting = Process.environment("FLAMINGO_TEST_PAUSE") else { return }
        for pause in setting.split(separator: ",") {
            let parts = pause.split(separator: ":")
            guard parts.count == 2, parts[0] == point, let milliseconds = Int(parts[1]) else { continue }
            MonotonicClock.sleep(milliseconds: milliseconds)
        }
    }
}
