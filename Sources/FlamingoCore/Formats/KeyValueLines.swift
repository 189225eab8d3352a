/// Configuration files of `KEY VALUE` (login.defs) or `KEY=VALUE` (default/useradd, os-release,
/// selinux/config) lines.
public enum KeyValueLines {
    /// `KEY VALUE` (login.defs) or `KEY=VALUE` (default/useradd) lines; comments skipped.
    public static func pairs(_ text: String, separator: Character) -> [(String, String)] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let parts: [Substring]
            if separator == " " {
                parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            } else {
                parts = line.split(separator: separator, maxSplits: 1)
            }
            guard parts.count == 2 else { return nil }
            var value = parts[1].trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (String(parts[0]).trimmingWhitespace(), value)
        }
    }
}
