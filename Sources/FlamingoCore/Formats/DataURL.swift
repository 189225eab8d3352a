/// A `data:` URL (RFC 2397): `data:[<mediatype>][;base64],<data>`, the data percent-decoded and,
/// with `;base64`, then decoded as standard padded base64 (line breaks skipped). Ignition's inline
/// file contents are written this way.
public struct DataURL: Sendable, Equatable {
    public var mediaType: String
    public var isBase64: Bool
    public var data: [UInt8]

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func isDataURL(_ text: String) -> Bool { text.prefix(5).lowercased() == "data:" }

    public init(parsing text: String) throws {
        guard Self.isDataURL(text) else { throw Problem(description: "not a data URL: it starts with data:") }
        let rest = text.utf8.dropFirst(5)
        guard let comma = rest.firstIndex(of: UInt8(ascii: ",")) else {
            throw Problem(description: "a data URL needs a comma before its data (data:[<mediatype>][;base64],<data>)")
        }
        var parameters = String(decoding: rest[..<comma], as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        isBase64 = parameters.count > 1 && parameters.last?.lowercased() == "base64"
        if isBase64 { parameters.removeLast() }
        let type = parameters.first ?? ""
        if !type.isEmpty {
            let halves = type.split(separator: "/", omittingEmptySubsequences: false)
            guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isTokenByte) }) else {
                throw Problem(description: "\"\(type)\" is not a media type (type/subtype)")
            }
        }
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, pair[0].utf8.allSatisfy(Self.isTokenByte) else {
                throw Problem(description: "\"\(parameter)\" is not a media type parameter (name=value)")
            }
        }
        mediaType = type.isEmpty ? "text/plain" : type.lowercased()
        let encoded = rest[rest.index(after: comma)...]
        // RFC 2396's URI characters only: a space or a raw non-ASCII byte must be percent-encoded.
        if let bad = encoded.first(where: { !Self.isURIByte($0) }) {
            throw Problem(description: bad >= 0x80 ? "the data holds a byte that is not percent-encoded (0x\(String(bad, radix: 16)))"
                                                    : "the data holds \"\(Character(Unicode.Scalar(bad)))\", which must be percent-encoded")
        }
        let decoded = try Self.percentDecode(encoded)
        if isBase64 {
            guard let bytes = Self.strictBase64(decoded) else { throw Problem(description: "the data is not valid base64") }
            data = bytes
        } else {
            data = decoded
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func isURIByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("-_.!~*'();/?:@&=+$,%".utf8).contains(byte)
        }
    }

    static func percentDecode<S: Collection>(_ bytes: S) throws -> [UInt8] where S.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { output.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw Problem(description: "a % in the data is not followed by two hexadecimal digits")
            }
            output.append(high << 4 | low)
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Standard alphabet, `=` padding to a multiple of four; line breaks are skipped.
    static func strictBase64(_ bytes: [UInt8]) -> [UInt8]? {
        let text = bytes.filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard text.count % 4 == 0 else { return nil }
        let padding = text.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        for byte in text.dropLast(padding) {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"): continue
            default: return nil
            }
        }
        return Base64.decode(String(decoding: text, as: UTF8.self))
    }
}
