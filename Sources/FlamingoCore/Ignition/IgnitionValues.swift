/// The small checks of single values that Ignition's rules (`IgnitionRules`) and the modules use:
/// paths, GUIDs, hashes, unit names and unit contents.

/// Paths as Ignition checks them: absolute and already clean (Go's `path.Clean`).
enum IgnitionPath {
    static func problem(_ path: String) -> String? {
        if path.isEmpty { return "path not specified" }
        if !path.hasPrefix("/") { return "path not absolute: \"\(path)\"" }
        if clean(path) != path { return "path is not fully simplified: \"\(path)\" (write \"\(clean(path))\")" }
        return nil
    }

    /// `.` and empty components dropped, `..` applied, no trailing slash.
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

enum IgnitionGUID {
    /// Empty, or 8-4-4-4-12 hexadecimal digits.
    static func isValid(_ text: String) -> Bool {
        if text.isEmpty { return true }
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) && $0.allSatisfy(\.isASCII) }
    }
}

/// `verification.hash`: `sha512-HEX` or `sha256-HEX` of the right length.
enum IgnitionHash {
    static func problem(_ hash: String) -> String? {
        guard let dash = hash.firstIndex(of: "-") else { return "malformed hash specifier \"\(hash)\": write sha512-HEX or sha256-HEX" }
        let function = hash[..<dash], sum = hash[hash.index(after: dash)...]
        let length: Int
        switch function {
        case "sha512": length = 128
        case "sha256": length = 64
        default: return "unrecognized hash function \"\(function)\": sha512 or sha256"
        }
        if sum.count != length { return "incorrect size for hash sum: \(function) has \(length) hexadecimal digits, found \(sum.count)" }
        return nil
    }
}

enum IgnitionUnitName {
    static let types = [".service", ".socket", ".device", ".mount", ".automount", ".swap", ".target", ".path", ".timer", ".snapshot", ".slice", ".scope"]

    static func hasValidType(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return types.contains(String(name[dot...]))
    }

    /// `foo@.service` for `foo@bar.service`.
    static func template(of name: String) -> String? {
        guard name.hasSuffix(".service"), let at = name.firstIndex(of: "@") else { return nil }
        let instance = name[name.index(after: at)..<name.index(name.endIndex, offsetBy: -8)]
        guard at != name.startIndex, !instance.isEmpty else { return nil }
        return String(name[..<at]) + "@.service"
    }

    /// What systemd's (and go-systemd's) unit parser refuses: a setting outside any section, a
    /// section header that does not close, a line without `=`.
    static func contentsProblem(_ contents: String) -> String? {
        var inSection = false
        var continued = false
        for (number, raw) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace()
            if continued { continued = line.hasSuffix("\\"); continue }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { return "invalid unit contents: line \(number + 1): a section header is [Name]" }
                inSection = true
                continue
            }
            guard inSection else { return "invalid unit contents: line \(number + 1): a setting before any [Section]" }
            guard line.contains("=") else { return "invalid unit contents: line \(number + 1): a line that is not Key=Value" }
            continued = line.hasSuffix("\\")
        }
        return nil
    }
}
