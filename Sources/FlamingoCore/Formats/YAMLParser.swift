import CFlamingo

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
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw Diagnostic(.error, file: file, mark: nil, "cannot initialise the YAML parser")
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.handle(event)
            }
            warnings += builder.warnings
            return builder.result ?? Node(.scalar(Scalar("")), mark: Mark(line: 1, column: 1))
        }
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) + " " } ?? ""
        let mark = parser.problem_mark
        return Diagnostic(.error, file: file, mark: Mark(line: mark.line + 1, column: mark.column + 1),
                          "invalid YAML: \(context)\(problem)")
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

    mutating func handle(_ event: yaml_event_t) throws {
        let mark = Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw Diagnostic(.error, file: file, mark: mark, "expected a single YAML document, found a second one")
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let tag = try checkedTag(data.tag, mark: mark)
            let style: Scalar.Style
            switch data.style {
            case YAML_PLAIN_SCALAR_STYLE: style = .plain
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
            default: style = .quoted
            }
            try add(Node(.scalar(Scalar(text, style: style, tag: tag)), mark: mark), weight: 1,
                    anchor: string(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw Diagnostic(.error, file: file, mark: mark, "alias *\(name) names no anchor defined before it")
            }
            var node = anchored.node
            node.mark = mark
            try add(node, weight: anchored.weight, anchor: nil)
        case YAML_SEQUENCE_START_EVENT:
            _ = try checkedTag(event.data.sequence_start.tag, mark: mark)
            try push(Open(.sequence, mark: mark, anchor: string(event.data.sequence_start.anchor)), mark: mark)
        case YAML_MAPPING_START_EVENT:
            _ = try checkedTag(event.data.mapping_start.tag, mark: mark)
            try push(Open(.mapping, mark: mark, anchor: string(event.data.mapping_start.anchor)), mark: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let closed = stack.removeLast()
            switch closed.kind {
            case .sequence:
                try add(Node(.sequence(closed.items), mark: closed.mark), weight: closed.weight, anchor: closed.anchor)
            case .mapping:
                try add(Node(.mapping(try merged(closed.pairs)), mark: closed.mark), weight: closed.weight, anchor: closed.anchor)
            }
        default:
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

    private func checkedTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, mark: Mark) throws -> String? {
        guard let tag = string(tag) else { return nil }
        if tag == "!" { return ScalarValue.tagPrefix + "str" }
        let known = ["str", "int", "float", "bool", "null", "binary", "map", "seq", "set", "omap", "timestamp", "merge"]
        if tag.hasPrefix(ScalarValue.tagPrefix), known.contains(String(tag.dropFirst(ScalarValue.tagPrefix.count))) {
            return tag
        }
        let shown = tag.hasPrefix(ScalarValue.tagPrefix) ? "!!" + tag.dropFirst(ScalarValue.tagPrefix.count) : tag
        throw Diagnostic(.error, file: file, mark: mark, "the tag \(shown) is not supported (only YAML's standard tags are)")
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
