/// Parses JSON (RFC 8259) into the same `Node` tree as YAML, so that every message about a JSON
/// value carries line and column too. Numbers and literals get explicit tags; strings stay strings.
public struct JSONParser {
    public let file: String
    public init(file: String) { self.file = file }

    public func parse(_ bytes: [UInt8]) throws -> Node {
        var warnings: [Diagnostic] = []
        return try parse(bytes, warnings: &warnings)
    }

    /// A key given twice keeps the last value, as Python's json does, with a warning.
    public func parse(_ bytes: [UInt8], warnings: inout [Diagnostic]) throws -> Node {
        var scanner = Scanner(bytes: bytes, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.offset = 3 }
        scanner.skipWhitespace()
        let node = try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if scanner.offset < bytes.count { throw scanner.error("unexpected text after the JSON value") }
        warnings += scanner.warnings
        return node
    }
}

private struct Scanner {
    let bytes: [UInt8]
    let file: String
    var offset = 0
    var line = 1
    var lineStart = 0
    var warnings: [Diagnostic] = []

    init(bytes: [UInt8], file: String) { self.bytes = bytes; self.file = file }

    var mark: Mark { Mark(line: line, column: offset - lineStart + 1) }

    func error(_ message: String, at mark: Mark? = nil) -> Diagnostic {
        Diagnostic(.error, file: file, mark: mark ?? self.mark, "invalid JSON: \(message)")
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "\n"): offset += 1; line += 1; lineStart = offset
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): offset += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws -> Node {
        guard depth < YAMLParser.maximumDepth else { throw error("nesting deeper than \(YAMLParser.maximumDepth) levels") }
        guard offset < bytes.count else { throw error("unexpected end of input, expected a value") }
        let start = mark
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return Node(.scalar(Scalar(try string(), style: .quoted)), mark: start)
        case UInt8(ascii: "t"): try literal("true"); return tagged("true", "bool", start)
        case UInt8(ascii: "f"): try literal("false"); return tagged("false", "bool", start)
        case UInt8(ascii: "n"): try literal("null"); return tagged("null", "null", start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[offset]))', expected a value")
        }
    }

    private func tagged(_ text: String, _ tag: String, _ mark: Mark) -> Node {
        Node(.scalar(Scalar(text, style: .plain, tag: ScalarValue.tagPrefix + tag)), mark: mark)
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else {
            throw error("expected \(word)")
        }
        offset += expected.count
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else {
            throw error(offset < bytes.count ? "expected \(what)" : "unexpected end of input, expected \(what)")
        }
        offset += 1
    }

    private mutating func object(depth: Int) throws -> Node {
        let start = mark
        offset += 1
        var pairs: [Node.Pair] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return Node(.mapping(pairs), mark: start) }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyMark = mark
            let key = try string()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhitespace()
            let item = try value(depth: depth + 1)
            if let earlier = pairs.firstIndex(where: { $0.key.scalar?.text == key }) {
                warnings.append(Diagnostic(.warning, file: file, mark: keyMark, "the key \"\(key)\" is given twice; this later value wins"))
                pairs.remove(at: earlier)
            }
            pairs.append(Node.Pair(key: Node(.scalar(Scalar(key, style: .quoted)), mark: keyMark), value: item))
            skipWhitespace()
            guard offset < bytes.count else { throw error("unexpected end of input, expected ',' or '}'") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "}") { offset += 1; return Node(.mapping(pairs), mark: start) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws -> Node {
        let start = mark
        offset += 1
        var items: [Node] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return Node(.sequence(items), mark: start) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard offset < bytes.count else { throw error("unexpected end of input, expected ',' or ']'") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            if bytes[offset] == UInt8(ascii: "]") { offset += 1; return Node(.sequence(items), mark: start) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func number() throws -> Node {
        let start = mark
        let begin = offset
        func digits() -> Int {
            let from = offset
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            return offset - from
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        guard digits() > 0 else { throw error("expected digits in a number") }
        if bytes[integerStart] == UInt8(ascii: "0") && offset - integerStart > 1 { throw error("a number cannot start with 0", at: start) }
        var isFloat = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1; isFloat = true
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1; isFloat = true
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[begin..<offset], as: UTF8.self)
        if !isFloat && Int(text) == nil { isFloat = true }   // beyond Int: keep it as a float, as Python would not
        return tagged(text, isFloat ? "float" : "int", start)
    }

    private mutating func string() throws -> String {
        offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        func flushRun(_ s: inout String.UnicodeScalarView, _ end: Int) throws {
            guard runStart < end else { return }
            guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                throw error("the string is not valid UTF-8")
            }
            s.append(contentsOf: text.unicodeScalars)
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(&scalars, offset)
                offset += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun(&scalars, offset)
                offset += 1
                scalars.append(try escape())
                runStart = offset
            case 0..<0x20:
                throw error("a control character inside a string must be escaped")
            default:
                offset += 1
            }
        }
        throw error("unexpected end of input inside a string")
    }

    private mutating func escape() throws -> Unicode.Scalar {
        guard offset < bytes.count else { throw error("unexpected end of input in an escape") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw error("a lone UTF-16 surrogate in \\u escape")
                }
                offset += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("an invalid UTF-16 surrogate pair") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("a lone UTF-16 surrogate in \\u escape") }
            return scalar
        default:
            throw error("an unknown escape '\\\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - offset >= 4,
              let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
            throw error("expected four hex digits after \\u")
        }
        offset += 4
        return value
    }
}
