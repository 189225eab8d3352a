/// A systemd unit file's settings, as systemd reads them: `[Section]` headers, `Key=Value` lines,
/// `#`/`;` comments, a trailing backslash continuing a line. Only what enabling needs is asked of
/// it (the `[Install]` section).
public struct UnitFile: Sendable, Equatable {
    public var entries: [(section: String, key: String, value: String)] = []

    public static func == (a: UnitFile, b: UnitFile) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.section == $1.section && $0.key == $1.key && $0.value == $1.value }
    }

    public init(text: String) {
        var section = ""
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = pending + String(raw).trimmingWhitespace()
            pending = ""
            if line.hasSuffix("\\") {
                line.removeLast()
                pending = line + " "
                continue
            }
            guard let first = line.first, first != "#", first != ";" else { continue }
            if first == "[", line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            entries.append((section, String(line[..<equals]).trimmingWhitespace(), String(line[line.index(after: equals)...]).trimmingWhitespace()))
        }
    }

    /// A list setting: every line's space-separated words, an empty assignment clearing the list.
    public func list(_ section: String, _ key: String) -> [String] {
        var values: [String] = []
        for entry in entries where entry.section == section && entry.key == key {
            if entry.value.isEmpty { values = [] } else { values += entry.value.split(separator: " ").map(String.init) }
        }
        return values
    }

    public func last(_ section: String, _ key: String) -> String? {
        entries.last { $0.section == section && $0.key == key }?.value
    }
}

/// A unit's name, as systemd splits it: `prefix@instance.suffix`.
public struct UnitName: Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public static let suffixes = ["service", "socket", "target", "timer", "path", "mount", "automount", "swap", "slice", "scope", "device"]

    public init?(_ text: String) {
        guard let dot = text.lastIndex(of: "."), Self.suffixes.contains(String(text[text.index(after: dot)...])),
              text.count <= 255, dot != text.startIndex,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ":-_.\\@".contains($0)) }) else { return nil }
        description = text
    }

    public var suffix: String { String(description[description.index(after: description.lastIndex(of: ".")!)...]) }
    /// Without the suffix (`foo@bar`).
    public var stem: String { String(description[..<description.lastIndex(of: ".")!]) }
    /// Before the `@` (`foo`).
    public var prefix: String { stem.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? stem }
    /// After the `@`: nil for a plain unit, "" for a template.
    public var instance: String? {
        guard let at = stem.firstIndex(of: "@") else { return nil }
        return String(stem[stem.index(after: at)...])
    }
    public var isTemplate: Bool { instance == "" }
    /// `foo@.service` for `foo@bar.service`.
    public var template: UnitName? { instance == nil ? nil : UnitName("\(prefix)@.\(suffix)") }
    public func withInstance(_ instance: String) -> UnitName? { UnitName("\(prefix)@\(instance).\(suffix)") }

    /// systemd's specifiers in [Install] values: %n %N %p %i %I %%.
    public func expand(_ value: String) -> String {
        var result = ""
        var iterator = value.makeIterator()
        while let character = iterator.next() {
            guard character == "%", let specifier = iterator.next() else { result.append(character); continue }
            switch specifier {
            case "n": result += description
            case "N": result += stem
            case "p": result += prefix
            case "i", "I": result += instance ?? ""
            case "%": result += "%"
            default: result += "%" + String(specifier)
            }
        }
        return result
    }
}

extension UnitFile {
    /// Whether any setting sits in `[Install]` (what enabling reads).
    public var hasInstallSection: Bool { entries.contains { $0.section == "Install" } }
}
