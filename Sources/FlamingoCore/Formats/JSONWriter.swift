/// A JSON value to write (the result record). Objects keep their key order, so records read top-down.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }

    /// Pretty-printed with two-space indentation and a final newline.
    public func text() -> String { String(decoding: bytes(), as: UTF8.self) }

    /// The same text as UTF-8 bytes. Written byte-wise: the result record is written on every
    /// boot, and appending it to a String one Unicode scalar at a time cost more than the rest of
    /// the run (callgrind).
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func write(to out: inout [UInt8], indent: Int) {
        func pad(_ level: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { out += String(Int64(value)).utf8 }
            else if value.isFinite { out += String(value).utf8 }
            else { out += "null".utf8 }
        case .string(let value): Self.quote(value, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out += "[\n".utf8
            for (index, item) in items.enumerated() {
                pad(indent + 1)
                item.write(to: &out, indent: indent + 1)
                out += (index + 1 < items.count ? ",\n" : "\n").utf8
            }
            pad(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out += "{}".utf8; return }
            out += "{\n".utf8
            for (index, (key, value)) in pairs.enumerated() {
                pad(indent + 1)
                Self.quote(key, into: &out)
                out += ": ".utf8
                value.write(to: &out, indent: indent + 1)
                out += (index + 1 < pairs.count ? ",\n" : "\n").utf8
            }
            pad(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: `"` and `\\` escaped, control characters as `\n`, `\r`, `\t` or `\u00XX`;
    /// everything else (UTF-8 included) copied as it is.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// A parsed node as JSON (a metadata service's embedded network config handed on as a
    /// document of its own). Booleans and nulls keep their YAML 1.1 meaning; numbers stay
    /// numbers only when written in plain decimal, every other scalar (`0644`, a MAC address that
    /// YAML 1.1 would read as base 60) stays the text it was.
    public init(_ node: Node) {
        switch node.content {
        case .sequence(let items): self = .array(items.map(JSONValue.init))
        case .mapping(let pairs): self = .object(pairs.map { ($0.key.scalar?.text ?? "", JSONValue($0.value)) })
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int, .float:
                let decimal = scalar.text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }
                self = decimal ? (Double(scalar.text).map(JSONValue.number) ?? .string(scalar.text)) : .string(scalar.text)
            case .string(let text): self = .string(text)
            }
        }
    }
}
