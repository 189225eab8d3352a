/// `ignition.version`: a semantic version, `3.MINOR.0` for the spec versions flamingo reads.
public struct IgnitionVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// `experimental` in `3.4.0-experimental`: a spec still being written.
    public var preRelease: String?

    /// Semantic-version syntax (`MAJOR.MINOR.PATCH[-PRE][+BUILD]`), nil when it is not one.
    public init?(_ text: String) {
        var rest = Substring(text)
        if let plus = rest.firstIndex(of: "+") { rest = rest[..<plus] }
        var pre: String?
        if let dash = rest.firstIndex(of: "-") {
            pre = String(rest[rest.index(after: dash)...])
            rest = rest[..<dash]
            guard let pre, !pre.isEmpty else { return nil }
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3,
              numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && ($0 == "0" || $0.first != "0") }),
              let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2]) else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
        preRelease = pre
    }

    public var description: String { "\(major).\(minor).\(patch)" + (preRelease.map { "-\($0)" } ?? "") }

    /// One of the published spec-3 versions flamingo reads.
    public var isSupported: Bool { major == 3 && IgnitionSpec.minors.contains(minor) && patch == 0 && preRelease == nil }

    public static func < (a: IgnitionVersion, b: IgnitionVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        // A pre-release comes before its release.
        switch (a.preRelease, b.preRelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case let (x?, y?): return x < y
        }
    }

    /// Why a version is refused, in words a person can act on.
    public var refusal: String? {
        if isSupported { return nil }
        if major == 2 || major == 1 {
            return "Ignition spec \(self) is not read: flamingo reads spec 3 (3.0.0–3.\(IgnitionSpec.minors.upperBound).0); "
                + "translate the config to spec 3 (Ignition itself reads no spec-2 config since Ignition 2.0)"
        }
        if preRelease != nil {
            return "experimental spec \(self) is not read: its fields may still change; use a released version (3.0.0–3.\(IgnitionSpec.minors.upperBound).0)"
        }
        return "unsupported Ignition spec version \(self): flamingo reads 3.0.0–3.\(IgnitionSpec.minors.upperBound).0"
    }
}
