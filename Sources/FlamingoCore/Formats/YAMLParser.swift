/// Parses YAML through libyaml's event API into a `Node` tree that keeps line and column.
///
/// Anchors and aliases work (an alias shares the anchored node), merge keys (`<<`) work, and both
/// are bounded: a document whose aliases expand past `maximumNodes` (a "billion laughs" bomb) or
/// that nests deeper than `maximumDepth` is refused. Python object tags are refused, as
/// PyYAML's `safe_load` (cloud-init's loader) refuses them.
public struct YAMLParser {
    public static let maximumNodes = 1_000_000
    public static let maximumDepth = 256

    public let file: String
    public init(file: String) { self.file = file }

    /// Parses a single-document stream; an empty stream is a null node.
    public func parse(_ bytes: [UInt8]) throws -> Node {
        var warnings: [Diagnostic] = []
        return try parse(bytes, warnings: &warnings)
    }

    /// Parses, adding what is legal but suspicious (a key given twice: the last one wins, as in
    /// PyYAML) to `warnings`.
    public func parse(_ bytes: [UInt8], warnings: inout [Diagnostic]) throws -> Node {
        var builder = TreeBuilder(file: file)
        do {
            try LibYAML.parse(bytes) { event in try builder.handle(event) }
        } catch let error as LibYAML.SyntaxError {
            let mark = error.line.map { Mark(line: $0, column: error.column ?? 1) }
            let text = mark == nil ? error.problem : "invalid YAML: \(error.context.map { $0 + " " } ?? "")\(error.problem)"
            throw Diagnostic(.error, file: file, mark: mark, text)
        }
        warnings += builder.warnings
        return builder.result ?? Node(.scalar(Scalar("")), mark: Mark(line: 1, column: 1))
    }
}

/// Turns the event stream into nodes: a stack of open collections, a table of anchors.
/// Linear in the input: each open collection is an object appended to in place (an enum's
/// payload taken out and put back was copied whole on every item), and a mapping finds an
/// earlier key through a dictionary, not by searching its pairs.
private struct TreeBuilder {
    final class Open {
        enum Kind { case sequence, mapping }
        let kind: Kind
        let mark: Mark
        let anchor: String?
        var weight = 1
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        var pendingKey: Node?
        /// Where each key's pair is in `pairs`.
        var keyIndex: [String: Int] = [:]

        init(_ kind: Kind, mark: Mark, anchor: String?) {
            self.kind = kind
            self.mark = mark
            self.anchor = anchor
        }
    }

    let file: String
    var stack: [Open] = []
    var anchors: [String: (node: Node, weight: Int)] = [:]
    var result: Node?
    var documents = 0
    var warnings: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func handle(_ event: LibYAML.Event) throws {
        let mark = Mark(line: event.line, column: event.column)
        switch event.kind {
        case .documentStart:
            documents += 1
            if documents > 1 {
                throw Diagnostic(.error, file: file, mark: mark, "expected a single YAML document, found a second one")
            }
        case .scalar(let text, let scalarStyle, let rawTag, let anchor):
            let tag = try checkedTag(rawTag, mark: mark)
            let style: Scalar.Style
            switch scalarStyle {
            case .plain: style = .plain
            case .block: style = .block
            case .quoted: style = .quoted
            }
            try add(Node(.scalar(Scalar(text, style: style, tag: tag)), mark: mark), weight: 1, anchor: anchor)
        case .alias(let name):
            guard let anchored = anchors[name] else {
                throw Diagnostic(.error, file: file, mark: mark, "alias *\(name) names no anchor defined before it")
            }
            var node = anchored.node
            node.mark = mark
            try add(node, weight: anchored.weight, anchor: nil)
        case .sequenceStart(let tag, let anchor):
            _ = try checkedTag(tag, mark: mark)
            try push(Open(.sequence, mark: mark, anchor: anchor), mark: mark)
        case .mappingStart(let tag, let anchor):
            _ = try checkedTag(tag, mark: mark)
            try push(Open(.mapping, mark: mark, anchor: anchor), mark: mark)
        case .sequenceEnd, .mappingEnd:
            let closed = stack.removeLast()
            switch closed.kind {
            case .sequence:
                try add(Node(.sequence(closed.items), mark: closed.mark), weight: closed.weight, anchor: closed.anchor)
            case .mapping:
                try add(Node(.mapping(try merged(closed.pairs)), mark: closed.mark), weight: closed.weight, anchor: closed.anchor)
            }
        case .other:
            break
        }
    }

    private mutating func push(_ open: Open, mark: Mark) throws {
        if stack.count >= YAMLParser.maximumDepth {
            throw Diagnostic(.error, file: file, mark: mark, "nesting deeper than \(YAMLParser.maximumDepth) levels")
        }
        stack.append(open)
    }

    private mutating func add(_ node: Node, weight: Int, anchor: String?) throws {
        if let anchor { anchors[anchor] = (node, weight) }
        guard let top = stack.last else { result = node; return }
        top.weight = try bounded(top.weight + weight, node.mark)
        switch top.kind {
        case .sequence:
            top.items.append(node)
        case .mapping:
            if let key = top.pendingKey {
                top.pendingKey = nil
                let pair = Node.Pair(key: key, value: node)
                guard let name = key.scalar?.text, name != "<<" else { top.pairs.append(pair); return }
                if let earlier = top.keyIndex[name] {
                    // The later value wins, in the earlier key's place (as a Python dict keeps it).
                    warnings.append(Diagnostic(.warning, file: file, mark: key.mark,
                                               "the key \"\(name)\" is given twice; this later value wins"))
                    top.pairs[earlier] = pair
                } else {
                    top.keyIndex[name] = top.pairs.count
                    top.pairs.append(pair)
                }
            } else {
                guard node.scalar != nil else {
                    throw Diagnostic(.error, file: file, mark: node.mark, "a mapping key must be a scalar, found \(node.kindDescription)")
                }
                top.pendingKey = node
            }
        }
    }

    /// Applies YAML 1.1 merge keys: `<<: *base` (or a list of them) adds the keys not already set.
    private func merged(_ pairs: [Node.Pair]) throws -> [Node.Pair] {
        guard pairs.contains(where: { $0.key.scalar?.text == "<<" && $0.key.scalar?.style == .plain }) else { return pairs }
        var own = pairs.filter { !($0.key.scalar?.text == "<<" && $0.key.scalar?.style == .plain) }
        var present = Set(own.compactMap { $0.key.scalar?.text })
        for pair in pairs where pair.key.scalar?.text == "<<" && pair.key.scalar?.style == .plain {
            let sources = pair.value.sequence ?? [pair.value]
            for source in sources {
                guard let entries = source.mapping else {
                    throw Diagnostic(.error, file: file, mark: source.mark, "a merge key (<<) needs a mapping or a list of mappings")
                }
                for entry in entries {
                    if let name = entry.key.scalar?.text, !present.insert(name).inserted { continue }
                    own.append(entry)
                }
            }
        }
        return own
    }

    private func bounded(_ weight: Int, _ mark: Mark) throws -> Int {
        if weight > YAMLParser.maximumNodes {
            throw Diagnostic(.error, file: file, mark: mark,
                             "the document expands to more than \(YAMLParser.maximumNodes) nodes through aliases")
        }
        return weight
    }

    private func checkedTag(_ tag: String?, mark: Mark) throws -> String? {
        guard let tag else { return nil }
        if tag == "!" { return ScalarValue.tagPrefix + "str" }
        let known = ["str", "int", "float", "bool", "null", "binary", "map", "seq", "set", "omap", "timestamp", "merge"]
        if tag.hasPrefix(ScalarValue.tagPrefix), known.contains(String(tag.dropFirst(ScalarValue.tagPrefix.count))) {
            return tag
        }
        let shown = tag.hasPrefix(ScalarValue.tagPrefix) ? "!!" + tag.dropFirst(ScalarValue.tagPrefix.count) : tag
        throw Diagnostic(.error, file: file, mark: mark, "the tag \(shown) is not supported (only YAML's standard tags are)")
    }
}
