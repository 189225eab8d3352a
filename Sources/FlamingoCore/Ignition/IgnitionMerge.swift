/// Ignition's merge of a child config into its parent (`ignition.config.merge`), on canonical
/// trees: a scalar the child gives wins; objects merge key by key; lists of entries merge by
/// their key (files, directories and links by path — one namespace —, users, groups, units,
/// drop-ins, RAID and LUKS by name, disks and filesystems by device, partitions by number or
/// label), an entry in both merged field by field at the parent's place, the child's new ones
/// after; lists of strings are unions; `append` and mkfs/mount options are concatenated.
public enum IgnitionMerge {
    /// The key each list of objects is merged by, by the list's path (indexes left out).
    static let listKeys: [String: String] = [
        "ignition.config.merge": "source", "ignition.security.tls.certificateAuthorities": "source",
        "storage.files": "path", "storage.directories": "path", "storage.links": "path",
        "storage.disks": "device", "storage.filesystems": "device", "storage.raid": "name", "storage.luks": "name",
        "storage.luks.clevis.tang": "url", "systemd.units": "name", "systemd.units.dropins": "name",
        "passwd.users": "name", "passwd.groups": "name",
    ]
    /// Lists whose items are simply concatenated, parent first.
    static let concatenated: Set<String> = ["storage.files.append", "storage.filesystems.options", "storage.filesystems.mountOptions",
                                            "storage.luks.options", "storage.raid.options"]
    static let nodeLists = ["files", "directories", "links"]

    public static func merge(parent: Node, child: Node) -> Node {
        merge(parent, child, path: "")
    }

    static func merge(_ parent: Node, _ child: Node, path: String) -> Node {
        switch (parent.content, child.content) {
        case (.mapping(let parentPairs), .mapping(let childPairs)):
            var pairs = parentPairs
            for pair in childPairs {
                guard let key = pair.key.scalar?.text else { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if let index = pairs.firstIndex(where: { $0.key.scalar?.text == key }) {
                    pairs[index].value = merge(pairs[index].value, pair.value, path: childPath)
                } else {
                    pairs.append(pair)
                }
            }
            var merged = Node(.mapping(pairs), mark: parent.mark)
            if path == "storage" { merged = dropShadowedNodes(merged, child: child) }
            return merged
        case (.sequence(let parentItems), .sequence(let childItems)):
            if concatenated.contains(path) { return Node(.sequence(parentItems + childItems), mark: parent.mark) }
            if path == "storage.disks.partitions" {
                return Node(.sequence(mergeKeyed(parentItems, childItems, path: path, key: partitionKey)), mark: parent.mark)
            }
            if let key = listKeys[path] {
                return Node(.sequence(mergeKeyed(parentItems, childItems, path: path) { $0[key]?.scalar?.text ?? "" }), mark: parent.mark)
            }
            if path.hasSuffix(".httpHeaders") {
                return Node(.sequence(mergeKeyed(parentItems, childItems, path: path) { $0["name"]?.scalar?.text ?? "" }), mark: parent.mark)
            }
            // Strings (a user's groups and keys, noProxy, kernel arguments): a union, parent order first.
            var items = parentItems
            for item in childItems {
                let text: String? = item.scalar?.text
                if !items.contains(where: { (existing: Node) -> Bool in existing.scalar?.text == text }) { items.append(item) }
            }
            return Node(.sequence(items), mark: parent.mark)
        default:
            return child
        }
    }

    static func partitionKey(_ node: Node) -> String {
        if let number = node["number"]?.scalar?.text, number != "0" { return "number:\(number)" }
        if let label = node["label"]?.scalar?.text { return "label:\(label)" }
        return ""
    }

    static func mergeKeyed(_ parent: [Node], _ child: [Node], path: String, key: (Node) -> String) -> [Node] {
        var items = parent
        for item in child {
            if let index = items.firstIndex(where: { key($0) == key(item) }) {
                items[index] = merge(items[index], item, path: path)
            } else {
                items.append(item)
            }
        }
        return items
    }

    /// A path the child gives as one kind of node (a file) drops the parent's other kinds there.
    static func dropShadowedNodes(_ storage: Node, child: Node) -> Node {
        guard var pairs = storage.mapping else { return storage }
        for kind in nodeLists {
            let childPaths = Set((child[kind]?.sequence ?? []).compactMap { $0["path"]?.scalar?.text })
            guard !childPaths.isEmpty else { continue }
            for other in nodeLists where other != kind {
                guard let index = pairs.firstIndex(where: { $0.key.scalar?.text == other }), let items = pairs[index].value.sequence else { continue }
                let childOwn = Set((child[other]?.sequence ?? []).compactMap { $0["path"]?.scalar?.text })
                let kept = items.filter { item in
                    guard let path = item["path"]?.scalar?.text else { return true }
                    return !childPaths.contains(path) || childOwn.contains(path)
                }
                pairs[index].value = Node(.sequence(kept), mark: pairs[index].value.mark)
            }
        }
        return Node(.mapping(pairs), mark: storage.mark)
    }
}

extension IgnitionDocument {
    /// Configs referenced deeper than this are refused (a loop of merges).
    public static let referenceDepth = 8

    /// The config with `replace` and `merge` carried out, as Ignition renders it: a replacing
    /// config stands for this one (and is rendered in turn); each config to merge is fetched,
    /// checked, rendered and merged over the result in order. A referenced config with errors
    /// makes the whole one refused (`IgnitionRefusal`).
    public func rendered(_ fetcher: IgnitionFetcher, depth: Int = 0) throws -> IgnitionConfig {
        IgnitionConfig(tree: try renderedTree(fetcher, depth: depth), version: version, file: file)
    }

    func renderedTree(_ fetcher: IgnitionFetcher, depth: Int) throws -> Node {
        let config = IgnitionConfig(tree: tree, version: version, file: file)
        if let replace = config.replace, !(replace.source ?? "").isEmpty {
            return try referenced(replace, "replace", fetcher, depth: depth).renderedTree(fetcher, depth: depth + 1)
        }
        var result = tree
        for item in config.merge {
            let child = try referenced(item, "merge", fetcher, depth: depth).renderedTree(fetcher, depth: depth + 1)
            result = IgnitionMerge.merge(parent: result, child: child)
        }
        return result
    }

    private func referenced(_ resource: IgnitionResource, _ what: String, _ fetcher: IgnitionFetcher, depth: Int) throws -> IgnitionDocument {
        let at = resource.location
        guard depth < Self.referenceDepth else {
            throw IgnitionRefusal(diagnostics: [Diagnostic(.error, file: file, mark: at.mark, keyPath: at.path, "configs referenced more than \(Self.referenceDepth) deep: a loop?")])
        }
        let bytes: [UInt8]
        do {
            guard let loaded = try fetcher.load(resource) else { throw IgnitionSourceError("no source") }
            bytes = loaded
        } catch {
            throw IgnitionRefusal(diagnostics: [Diagnostic(.error, file: file, mark: at.mark, keyPath: at.path.appending("source"), "the config to \(what) was not read: \(error)")])
        }
        let name = "\(file) \(at.path)"
        let document: IgnitionDocument
        do {
            document = try IgnitionDocument(parsing: RawInput(file: name, bytes: bytes))
        } catch let diagnostic as Diagnostic {
            throw IgnitionRefusal(diagnostics: [diagnostic])
        }
        if document.hasErrors { throw IgnitionRefusal(diagnostics: document.diagnostics.filter { $0.severity == .error }) }
        return document
    }
}

/// A config refused as a whole: every error that decided it.
public struct IgnitionRefusal: Error, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
