/// Base64 (RFC 4648, and its URL-safe alphabet) decoding as Python's `b64decode` does it for
/// cloud-init: characters outside the alphabet (line breaks, spaces, the `...` of a truncated
/// example) are skipped; what remains must be whole groups.
public enum Base64 {
    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
            case UInt8(ascii: "="): padding += 1; continue
            default: continue
            }
            if padding > 0 { break }  // data after padding ends the input, as in binascii
        }
        if values.count % 4 == 1 { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 4 <= values.count {
            let a = values[index], b = values[index + 1], c = values[index + 2], d = values[index + 3]
            output.append(a << 2 | b >> 4)
            output.append(b << 4 | c >> 2)
            output.append(c << 6 | d)
            index += 4
        }
        let rest = values.count - index
        if rest >= 2 { output.append(values[index] << 2 | values[index + 1] >> 4) }
        if rest == 3 { output.append(values[index + 1] << 4 | values[index + 2] >> 2) }
        return output
    }

    /// Python's `b64decode(data, validate=True)`: the standard alphabet only (no line breaks),
    /// padding only at the end and the length a multiple of 4; nil for anything else.
    public static func decodeStrictly(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count % 4 == 0 else { return nil }
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        let isAlphabet: (UInt8) -> Bool = {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/")
        }
        guard bytes.dropLast(padding).allSatisfy(isAlphabet) else { return nil }
        return decode(String(decoding: bytes, as: UTF8.self))
    }
}
