import Glibc

/// The real-time clock, for the result record's timestamps (durations use `MonotonicClock`).
public enum WallClock {
    /// Seconds since 1970-01-01 UTC.
    public static func secondsSinceEpoch() -> Int { Int(time(nil)) }

    /// Now in UTC as `2026-11-25T03:40:00Z`.
    public static func iso8601Now() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
