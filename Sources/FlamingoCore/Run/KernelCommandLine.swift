/// The kernel command line, split as the kernel and systemd split it: arguments are separated by
/// spaces, a double-quoted part may hold spaces (`a="b c"` is one argument, `a` = `b c`).
public struct KernelCommandLine: Sendable {
    public struct Argument: Equatable, Sendable {
        public var key: String
        /// nil for a bare flag (`flamingo.debug`); "" for `key=`.
        public var value: String?
    }

    public var arguments: [Argument]

    public init(_ text: String) {
        var arguments: [Argument] = []
        var current = ""
        var inQuotes = false
        var started = false
        func finish() {
            guard started else { return }
            if let equals = current.firstIndex(of: "=") {
                arguments.append(Argument(key: String(current[..<equals]), value: String(current[current.index(after: equals)...])))
            } else {
                arguments.append(Argument(key: current, value: nil))
            }
            current = ""
            started = false
        }
        for character in text {
            if character == "\"" { inQuotes.toggle(); started = true; continue }
            if !inQuotes && (character == " " || character == "\t" || character == "\n") { finish(); continue }
            current.append(character)
            started = true
        }
        finish()
        self.arguments = arguments
    }

    /// The last value given for `key` (later arguments override earlier ones, as in the kernel).
    public func value(_ key: String) -> String? {
        arguments.last { $0.key == key }?.value
    }

    public func values(_ key: String) -> [String] {
        arguments.filter { $0.key == key }.compactMap(\.value)
    }

    public func contains(_ key: String) -> Bool { arguments.contains { $0.key == key } }
}
