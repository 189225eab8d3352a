/// Reads an Ignition config's JSON against its spec version's fields (`IgnitionSpec`), the way
/// Ignition's decoder does, and says every problem with file, line:column and JSON path:
/// a value of the wrong type is an error (Ignition stops at the first; flamingo lists them all),
/// an unknown key a warning with the closest known key, a key of a later spec version a warning
/// naming that version. Keys are matched without regard to case, as Ignition's Go decoder
/// matches them (with a warning). What comes out is the canonical tree: known keys only, spelled
/// as the spec spells them, nulls dropped — what merging and the typed model read.
public struct IgnitionDecoder {
    public let file: String
    public let minor: Int
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String, minor: Int) {
        self.file = file
        self.minor = minor
    }

    /// The canonical tree of `node` read as `schema`, nil when it is null or of the wrong type.
    public mutating func canonical(_ node: Node, as schema: IgnitionSchema, at path: KeyPath) -> Node? {
        if node.isNull { return nil }
        switch schema {
        case .string:
            guard let scalar = node.scalar, case .string = scalar.resolved else { return mismatch(node, schema, path) }
            return node
        case .integer:
            guard let scalar = node.scalar, case .int = scalar.resolved else { return mismatch(node, schema, path) }
            return node
        case .boolean:
            guard let scalar = node.scalar, case .bool = scalar.resolved else { return mismatch(node, schema, path) }
            return node
        case .list(let item):
            guard let items = node.sequence else { return mismatch(node, schema, path) }
            // A null item is Go's zero value: an empty entry, kept so indexes stay those of the input.
            let kept = items.enumerated().map { index, value in
                canonical(value, as: item, at: path.appending(index)) ?? Self.zero(item, mark: value.mark)
            }
            return Node(.sequence(kept), mark: node.mark)
        case .object(let fields):
            guard let pairs = node.mapping else { return mismatch(node, schema, path) }
            var kept: [Node.Pair] = []
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                let keyPath = path.appending(key)
                let field = fields.first { $0.name == key } ?? fields.first { $0.name.lowercased() == key.lowercased() }
                guard let field else {
                    var message = "unknown key \"\(key)\"; ignored"
                    if let near = DocumentReader.closest(to: key, in: fields.filter { $0.since <= minor }.map(\.name)) {
                        message += " (did you mean \"\(near)\"?)"
                    }
                    warning(pair.key, keyPath, message)
                    continue
                }
                if field.since > minor {
                    warning(pair.key, keyPath, "\"\(field.name)\" is a key of spec 3.\(field.since).0 and later: a 3.\(minor).0 config does not have it; ignored")
                    continue
                }
                if field.name != key {
                    warning(pair.key, keyPath, "read as \"\(field.name)\" (Ignition matches keys without regard to case); write it \"\(field.name)\"")
                }
                guard let value = canonical(pair.value, as: field.schema, at: path.appending(field.name)) else { continue }
                let canonicalKey = Node(.scalar(Scalar(field.name, style: .quoted)), mark: pair.key.mark)
                kept.removeAll { $0.key.scalar?.text == field.name }  // the last one wins, as in Go
                kept.append(Node.Pair(key: canonicalKey, value: value))
            }
            return Node(.mapping(kept), mark: node.mark)
        }
    }

    /// Go's zero value of a type: what a null list item decodes to.
    static func zero(_ schema: IgnitionSchema, mark: Mark) -> Node {
        switch schema {
        case .string: return Node(.scalar(Scalar("", style: .quoted)), mark: mark)
        case .integer: return Node(.scalar(Scalar("0", tag: ScalarValue.tagPrefix + "int")), mark: mark)
        case .boolean: return Node(.scalar(Scalar("false", tag: ScalarValue.tagPrefix + "bool")), mark: mark)
        case .list: return Node(.sequence([]), mark: mark)
        case .object: return Node(.mapping([]), mark: mark)
        }
    }

    private mutating func mismatch(_ node: Node, _ schema: IgnitionSchema, _ path: KeyPath) -> Node? {
        // JSON's words: an object, not a mapping; 420.5 where an integer belongs said as such.
        var found = node.mapping != nil ? "an object" : node.kindDescription
        if case .integer = schema, case .float? = node.scalar?.resolved { found = "a number that is not a whole number" }
        diagnostics.append(Diagnostic(.error, file: file, mark: node.mark, keyPath: path, "expected \(schema.kindDescription), found \(found)"))
        return nil
    }

    mutating func warning(_ node: Node?, _ path: KeyPath, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, mark: node?.mark, keyPath: path, message))
    }
}

/// An Ignition config read from bytes: its version, its canonical tree and every diagnostic.
public struct IgnitionDocument: Sendable {
    public var file: String
    public var version: IgnitionVersion
    /// Known keys only, as the spec spells them (`IgnitionDecoder`).
    public var tree: Node
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether `bytes` are meant as an Ignition config: a JSON object with an `ignition` object
    /// (what Ignition and Afterburn read), whatever its version says — or text that starts as a
    /// JSON object, names "ignition" and is not valid JSON (so that its syntax error is said,
    /// instead of the whole being taken for something else).
    public static func looksLikeIgnition(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        guard let root = try? JSONParser(file: "").parse(bytes) else {
            return String(decoding: bytes.prefix(4096), as: UTF8.self).contains("\"ignition\"")
        }
        return root["ignition"]?.mapping != nil
    }

    /// Parses and checks `input`: syntax, the version, the fields of that version and Ignition's
    /// rules for their values (`IgnitionRules`). Throws only when there is no config to speak of
    /// (not JSON, no version, a version not read); everything else is in `diagnostics`.
    public init(parsing input: RawInput) throws {
        file = input.file
        var warnings: [Diagnostic] = []
        if input.bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw Diagnostic(.error, file: input.file, mark: nil, "not a config: it is empty")
        }
        let root = try JSONParser(file: input.file).parse(input.bytes, warnings: &warnings)
        guard root.mapping != nil else {
            throw Diagnostic(.error, file: input.file, mark: root.mark, "an Ignition config is a JSON object, found \(root.kindDescription)")
        }
        let versionNode = root["ignition"]?["version"]
        if let versionNode, !versionNode.isNull, versionNode.scalar.map({ if case .string = $0.resolved { return false } else { return true } }) ?? true {
            throw Diagnostic(.error, file: input.file, mark: versionNode.mark, keyPath: KeyPath([.key("ignition"), .key("version")]),
                             "expected a string such as \"3.4.0\", found \(versionNode.kindDescription)")
        }
        guard let versionNode, let text = versionNode.scalar?.text, case .string = versionNode.scalar?.resolved else {
            throw Diagnostic(.error, file: input.file, mark: versionNode?.mark ?? root.mark, keyPath: KeyPath([.key("ignition"), .key("version")]),
                             "no config version: Ignition configs say theirs in ignition.version (\"3.4.0\")")
        }
        guard let version = IgnitionVersion(text) else {
            throw Diagnostic(.error, file: input.file, mark: versionNode.mark, keyPath: KeyPath([.key("ignition"), .key("version")]),
                             "\"\(text)\" is not a version (MAJOR.MINOR.PATCH, such as \"3.4.0\")")
        }
        if let refusal = version.refusal {
            throw Diagnostic(.error, file: input.file, mark: versionNode.mark, keyPath: KeyPath([.key("ignition"), .key("version")]), refusal)
        }
        self.version = version
        var decoder = IgnitionDecoder(file: input.file, minor: version.minor)
        tree = decoder.canonical(root, as: IgnitionSpec.root, at: KeyPath()) ?? Node(.mapping([]), mark: root.mark)
        diagnostics = warnings + decoder.diagnostics
        if !hasErrors {
            diagnostics += IgnitionRules.check(IgnitionConfig(tree: tree, version: version, file: file))
        }
    }
}
