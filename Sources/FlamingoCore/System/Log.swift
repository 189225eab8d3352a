/// flamingo's messages: one line each on stderr, naming the step and the path concerned
/// (`flamingo: apply: /etc/hostname: wrote 9 bytes (0644 0:0)`), and kept for the result record.
public final class Log {
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error
        var rank: Int { [.debug: 0, .info: 1, .warning: 2, .error: 3][self]! }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    public struct Entry: Sendable {
        public var level: Level
        public var step: String
        public var message: String

        /// As the result record keeps it: warnings and errors say so, as on the console.
        public var recorded: String { level >= .warning ? "\(level.rawValue): \(message)" : message }
    }

    /// One write(2) per line, so lines from concurrent writers (journal, console) never interleave.
    public static func writeToStandardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        StandardStreams.writeError(bytes)
    }

    public let verbose: Bool
    public private(set) var entries: [Entry] = []
    private let sink: (String) -> Void

    public init(verbose: Bool = false, sink: ((String) -> Void)? = nil) {
        self.verbose = verbose
        self.sink = sink ?? Log.writeToStandardError
    }

    public func log(_ level: Level, _ step: String, _ message: String) {
        if level >= .info { entries.append(Entry(level: level, step: step, message: message)) }
        guard level > .debug || verbose else { return }
        let prefix = level >= .warning ? "\(level.rawValue): " : ""
        sink("flamingo: \(step): \(prefix)\(message)")
    }

    public func debug(_ step: String, _ message: String) { log(.debug, step, message) }
    public func info(_ step: String, _ message: String) { log(.info, step, message) }
    public func warning(_ step: String, _ message: String) { log(.warning, step, message) }
    public func error(_ step: String, _ message: String) { log(.error, step, message) }
}
