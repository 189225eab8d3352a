/// What `systemctl --root DIR enable|disable|mask|unmask UNIT` does to the tree, computed
/// offline from the unit files in the sysroot, so that no systemctl runs in the initramfs: the
/// `[Install]` section's `WantedBy=` (`TARGET.wants/` links), `RequiredBy=` (`.requires/`),
/// `Alias=` (links beside the unit), `Also=` (those units too) and `DefaultInstance=` (a template
/// enabled as that instance). Links go under /etc/systemd/system and point at the unit file
/// where systemd found it.
public struct UnitInstaller {
    /// systemd's search path for system units, highest priority first (the part a root holds).
    public static let searchPath = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
                                    "/usr/lib/systemd/system", "/lib/systemd/system"]
    public static let configDirectory = "/etc/systemd/system"

    /// Reads a unit file's text from the tree (the sysroot); nil when it does not exist.
    let read: (String) throws -> String?
    /// Lists a directory of the tree; [] when it does not exist.
    let list: (String) -> [String]
    /// Units written in this same plan, by path (they are not in the tree yet).
    var planned: [String: String] = [:]

    public init(read: @escaping (String) throws -> String?, list: @escaping (String) -> [String], planned: [String: String] = [:]) {
        self.read = read
        self.list = list
        self.planned = planned
    }

    public struct Link: Sendable, Equatable, Hashable {
        public var path: String
        public var target: String
    }

    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The unit file for `name` (for an instance, its own file or else its template's): the path
    /// and its contents.
    func find(_ name: UnitName) throws -> (path: String, unit: UnitFile)? {
        var candidates = [name]
        if let template = name.template, !name.isTemplate { candidates.append(template) }
        for candidate in candidates {
            for directory in Self.searchPath {
                let path = "\(directory)/\(candidate)"
                if let text = try planned[path] ?? read(path) { return (path, UnitFile(text: text)) }
            }
        }
        return nil
    }

    /// The links `systemctl enable` makes.
    public func enableLinks(_ name: UnitName) throws -> [Link] {
        var links: [Link] = [], seen: Set<String> = []
        try enable(name, into: &links, seen: &seen)
        return links
    }

    private func enable(_ requested: UnitName, into links: inout [Link], seen: inout Set<String>) throws {
        guard seen.insert(requested.description).inserted else { return }
        guard let (path, unit) = try find(requested) else {
            throw Problem(description: "\(requested): no such unit file in the sysroot (searched \(Self.searchPath.joined(separator: ", ")))")
        }
        var name = requested
        if name.isTemplate {
            guard let instance = unit.last("Install", "DefaultInstance"), let named = name.withInstance(instance) else {
                throw Problem(description: "\(name) is a template without DefaultInstance=: enable an instance such as \(name.prefix)@NAME.\(name.suffix)")
            }
            name = named
        }
        for (key, directory) in [("WantedBy", "wants"), ("RequiredBy", "requires")] {
            for target in unit.list("Install", key).map(name.expand) where UnitName(target) != nil {
                links.append(Link(path: "\(Self.configDirectory)/\(target).\(directory)/\(name)", target: path))
            }
        }
        for alias in unit.list("Install", "Alias").map(name.expand) where UnitName(alias) != nil {
            links.append(Link(path: "\(Self.configDirectory)/\(alias)", target: path))
        }
        for also in unit.list("Install", "Also").map(name.expand) {
            guard let other = UnitName(also) else { continue }
            try enable(other, into: &links, seen: &seen)
        }
    }

    /// The links `systemctl disable` removes: every `.wants`/`.requires` link with the unit's name
    /// (or an alias's) under /etc/systemd/system, and the alias links — as found in the tree.
    public func disableLinks(_ name: UnitName) throws -> [String] {
        var names: Set<String> = [name.description]
        var seen: Set<String> = []
        var queue = [name]
        var paths: [String] = []
        while let next = queue.popLast() {
            guard seen.insert(next.description).inserted, let (_, unit) = try find(next) else { continue }
            let expanded = next.isTemplate ? (unit.last("Install", "DefaultInstance").flatMap(next.withInstance) ?? next) : next
            names.insert(expanded.description)
            for alias in unit.list("Install", "Alias").map(expanded.expand) where UnitName(alias) != nil {
                names.insert(alias)
                paths.append("\(Self.configDirectory)/\(alias)")
            }
            queue += unit.list("Install", "Also").map(expanded.expand).compactMap(UnitName.init)
        }
        for directory in list(Self.configDirectory) where directory.hasSuffix(".wants") || directory.hasSuffix(".requires") {
            for entry in list("\(Self.configDirectory)/\(directory)") where names.contains(entry) {
                paths.append("\(Self.configDirectory)/\(directory)/\(entry)")
            }
        }
        return paths
    }
}
