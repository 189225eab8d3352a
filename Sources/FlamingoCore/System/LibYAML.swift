import CFlamingo

/// libyaml's event parser as a stream of Swift values: `Formats/YAMLParser` builds its tree from
/// these without seeing C.
public enum LibYAML {
    public struct Event: Sendable {
        public enum Kind: Sendable {
            case documentStart
            case scalar(text: String, style: ScalarStyle, tag: String?, anchor: String?)
            case alias(anchor: String)
            case sequenceStart(tag: String?, anchor: String?)
            case mappingStart(tag: String?, anchor: String?)
            case sequenceEnd, mappingEnd
            /// Stream start, document end: nothing a tree needs.
            case other
        }

        public let kind: Kind
        /// Where the event starts, from 1.
        public let line: Int
        public let column: Int
    }

    public enum ScalarStyle: Sendable { case plain, quoted, block }

    /// libyaml refused the text: its problem, its context, and where (from 1; nil when it could
    /// not even start).
    public struct SyntaxError: Error, Sendable {
        public let problem: String
        public let context: String?
        public let line: Int?
        public let column: Int?
    }

    /// Hands every event of `bytes` to `body`, in order, until the end of the stream. Throws a
    /// `SyntaxError`, or what `body` throws (which stops the parse).
    public static func parse(_ bytes: [UInt8], _ body: (Event) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw SyntaxError(problem: "cannot initialise the YAML parser", context: nil, line: nil, column: nil)
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                try body(Event(kind: kind(of: event), line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1))
            }
        }
    }

    private static func kind(of event: yaml_event_t) -> Event.Kind {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let style: ScalarStyle
            switch data.style {
            case YAML_PLAIN_SCALAR_STYLE: style = .plain
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
            default: style = .quoted
            }
            return .scalar(text: text, style: style, tag: string(data.tag), anchor: string(data.anchor))
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "")
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(tag: string(event.data.sequence_start.tag), anchor: string(event.data.sequence_start.anchor))
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(tag: string(event.data.mapping_start.tag), anchor: string(event.data.mapping_start.anchor))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return .other
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> SyntaxError {
        let mark = parser.problem_mark
        return SyntaxError(problem: parser.problem.map { String(cString: $0) } ?? "invalid YAML",
                           context: parser.context.map { String(cString: $0) },
                           line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
