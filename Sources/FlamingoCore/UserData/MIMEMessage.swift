/// A MIME message as cloud-init's user-data uses it (RFC 2045/2046): headers, and for
/// `multipart/*` the parts between boundary lines, nested to any depth. Bodies are decoded from
/// base64 or quoted-printable.
public struct MIMEMessage {
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var parts: [MIMEMessage]

    /// Whether `bytes` starts like a MIME message (what cloud-init looks for).
    public static func looksLikeMIME(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(256), as: UTF8.self).lowercased()
        let trimmed = head.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        return trimmed.hasPrefix("content-type:") || trimmed.hasPrefix("mime-version:")
    }

    public static let maximumDepth = 16

    public init(parsing bytes: [UInt8], depth: Int = 0) throws {
        guard depth < Self.maximumDepth else { throw MIMEError("multipart nesting deeper than \(Self.maximumDepth) levels") }
        let (headers, bodyStart) = Self.readHeaders(bytes)
        self.headers = headers
        let rawBody = Array(bytes[bodyStart...])
        parts = []
        let contentType = Self.headerValue(headers, "content-type") ?? "text/plain"
        if Self.mediaType(contentType).hasPrefix("multipart/") {
            guard let boundary = Self.parameter(contentType, "boundary"), !boundary.isEmpty else {
                throw MIMEError("a multipart message without a boundary")
            }
            body = []
            parts = try Self.split(rawBody, boundary: boundary).map { try MIMEMessage(parsing: $0, depth: depth + 1) }
        } else {
            body = try Self.decodeBody(rawBody, encoding: Self.headerValue(headers, "content-transfer-encoding"))
        }
    }

    public func header(_ name: String) -> String? { Self.headerValue(headers, name) }
    public var contentType: String { Self.mediaType(header("content-type") ?? "text/plain") }

    /// The file name from Content-Disposition (or Content-Type's `name`), for messages.
    public var filename: String? {
        header("content-disposition").flatMap { Self.parameter($0, "filename") }
            ?? header("content-type").flatMap { Self.parameter($0, "name") }
    }

    // MARK: - Parsing

    /// Header lines up to the first empty line; continuation lines (starting with a space or a
    /// tab) belong to the header before them. Returns the headers and where the body starts.
    static func readHeaders(_ bytes: [UInt8]) -> ([(name: String, value: String)], Int) {
        var headers: [(name: String, value: String)] = []
        var offset = 0
        while offset < bytes.count {
            var end = offset
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var line = String(decoding: bytes[offset..<end], as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            let next = min(end + 1, bytes.count)
            if line.isEmpty { return (headers, next) }
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingWhitespace()
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]).trimmingWhitespace().lowercased(),
                                String(line[line.index(after: colon)...]).trimmingWhitespace()))
            } else {
                return (headers, offset)  // not a header: the body starts here
            }
            offset = next
        }
        return (headers, bytes.count)
    }

    static func headerValue(_ headers: [(name: String, value: String)], _ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    static func mediaType(_ value: String) -> String {
        String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingWhitespace().lowercased()
    }

    /// A `name=value` parameter of a header (`boundary="abc"`), quotes removed.
    static func parameter(_ value: String, _ name: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == name else { continue }
            var result = pair[1].trimmingWhitespace()
            if result.count >= 2, result.hasPrefix("\""), result.hasSuffix("\"") { result = String(result.dropFirst().dropLast()) }
            return result
        }
        return nil
    }

    /// The parts between `--boundary` lines, up to `--boundary--`. The line break before a
    /// boundary line belongs to the boundary, not to the part.
    static func split(_ body: [UInt8], boundary: String) throws -> [[UInt8]] {
        let delimiter = Array(("--" + boundary).utf8)
        var lines: [Range<Int>] = []
        var start = 0
        for index in 0...body.count where index == body.count || body[index] == UInt8(ascii: "\n") {
            lines.append(start..<index)
            start = index + 1
        }
        var parts: [[UInt8]] = []
        var current: Int?
        var closed = false
        for range in lines {
            var line = Array(body[range])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            while let last = line.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { line.removeLast() }
            guard line.starts(with: delimiter) else { continue }
            let rest = line.dropFirst(delimiter.count)
            guard rest.isEmpty || Array(rest) == Array("--".utf8) else { continue }
            if let begin = current {
                var end = range.lowerBound - 1  // drop the line break before the boundary
                if end > begin && body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                parts.append(Array(body[begin..<max(begin, end)]))
            }
            if !rest.isEmpty { closed = true; break }
            current = min(range.upperBound + 1, body.count)
        }
        if current == nil { throw MIMEError("no part starts with the boundary \"\(boundary)\"") }
        if !closed { throw MIMEError("the closing boundary \"--\(boundary)--\" is missing") }
        return parts
    }

    static func decodeBody(_ body: [UInt8], encoding: String?) throws -> [UInt8] {
        switch encoding?.lowercased() {
        case nil, "7bit", "8bit", "binary": return body
        case "base64":
            guard let decoded = Base64.decode(String(decoding: body, as: UTF8.self)) else { throw MIMEError("invalid base64 in a part") }
            return decoded
        case "quoted-printable": return quotedPrintable(body)
        case let other?: throw MIMEError("unknown Content-Transfer-Encoding \(other)")
        }
    }

    static func quotedPrintable(_ body: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == UInt8(ascii: "="), index + 1 < body.count {
                if body[index + 1] == UInt8(ascii: "\n") { index += 2; continue }  // soft line break
                if index + 2 < body.count, body[index + 1] == UInt8(ascii: "\r"), body[index + 2] == UInt8(ascii: "\n") { index += 3; continue }
                if index + 2 < body.count, let value = UInt8(String(decoding: body[index + 1...index + 2], as: UTF8.self), radix: 16) {
                    output.append(value); index += 3; continue
                }
            }
            output.append(byte)
            index += 1
        }
        return output
    }
}

public struct MIMEError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
