/// HTTP/1.1 as the metadata client speaks it: a request's bytes, and a response read from the
/// bytes a connection delivered (status line, headers, a body by Content-Length, chunked or to
/// the end of the stream). Pure: the socket is `Datasources/MetadataClient`'s.
public enum HTTPMessage {
    /// The request, headers in the order given. The connection stays open for the next request
    /// (HTTP/1.1's default) unless `close`.
    public static func request(method: String, url: HTTPURL, headers: [(String, String)], body: [UInt8] = [], close: Bool = false) -> [UInt8] {
        var text = "\(method) \(url.path) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: flamingo\r\n"
            + "Accept: */*\r\n" + (close ? "Connection: close\r\n" : "")
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}

/// A response: its status, its headers (names lower-cased), its body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// The connection closed before the answer was whole: a failure that may pass, unlike a
        /// malformed or oversized answer (which a second try would get again).
        public let cutShort: Bool
        public init(_ description: String, cutShort: Bool = false) {
            self.description = description
            self.cutShort = cutShort
        }
    }

    /// The largest head (status line and headers) accepted.
    public static let headLimit = 32 << 10

    /// Parses `bytes`, which hold everything received so far; `ended` when the peer closed.
    /// Throws on malformed input or a body over `bodyLimit`.
    public static func parse(_ bytes: [UInt8], ended: Bool, bodyLimit: Int) throws -> HTTPResponse? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes[...].prefix(headLimit + 4)) else {
            if bytes.count > headLimit { throw Malformed("the response's head is over \(headLimit) bytes") }
            if ended { throw Malformed(bytes.isEmpty ? "the service closed the connection without answering" : "the response ended inside its head", cutShort: true) }
            return nil
        }
        guard headEnd <= headLimit else { throw Malformed("the response's head is over \(headLimit) bytes") }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let words = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2, words[0].hasPrefix("HTTP/1."), words[1].count == 3, let status = Int(words[1]) else {
            throw Malformed("not an HTTP response (status line \"\(Self.printable(statusLine.prefix(60)))\")")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw Malformed("malformed header line \"\(Self.printable(line.prefix(60)))\"")
            }
            headers.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingWhitespace()))
        }
        var response = HTTPResponse(status: status, reason: words.count > 2 ? printable(words[2].prefix(60)) : "", headers: headers, body: [])
        let rest = bytes[(headEnd + 4)...]
        if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            // A chunked body ends with an empty line: until one has arrived, it is not decoded
            // again on every read (which would copy a large body over and over).
            guard ended || rest.suffix(4).elementsEqual([13, 10, 13, 10]) else {
                if rest.count > bodyLimit + (bodyLimit / 8) + 1024 { throw Malformed("the body is over the \(bodyLimit)-byte limit") }
                return nil
            }
            guard let body = try dechunk(rest, limit: bodyLimit) else {
                if ended { throw Malformed("the chunked body ended early", cutShort: true) }
                return nil
            }
            response.body = body
        } else if let lengthText = response.header("content-length") {
            guard let length = Int(lengthText), length >= 0 else { throw Malformed("bad Content-Length \"\(printable(lengthText.prefix(20)))\"") }
            guard length <= bodyLimit else { throw Malformed("the body is \(length) bytes, over the \(bodyLimit)-byte limit") }
            guard rest.count >= length else {
                if ended { throw Malformed("the body ended after \(rest.count) of \(length) bytes", cutShort: true) }
                return nil
            }
            response.body = Array(rest.prefix(length))
        } else {
            guard rest.count <= bodyLimit else { throw Malformed("the body is over the \(bodyLimit)-byte limit") }
            guard ended || status == 204 || status == 304 || (100..<200).contains(status) else { return nil }
            response.body = Array(rest)
        }
        return response
    }

    /// The body of a chunked transfer, nil while incomplete.
    static func dechunk(_ bytes: ArraySlice<UInt8>, limit: Int) throws -> [UInt8]? {
        var body: [UInt8] = []
        var index = bytes.startIndex
        while true {
            guard let lineEnd = find([13, 10], in: bytes[index...]) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first.map { $0.trimmingWhitespace() } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw Malformed("bad chunk size \"\(printable(sizeText.prefix(20)))\"") }
            guard body.count + size <= limit else { throw Malformed("the body is over the \(limit)-byte limit") }
            index = lineEnd + 2
            if size == 0 { return body }
            guard bytes.endIndex - index >= size + 2 else { return nil }
            body += bytes[index..<(index + size)]
            index += size + 2
        }
    }

    /// What a service sent, fit for a log line: anything but printable ASCII as `\u{…}`.
    static func printable(_ text: some StringProtocol) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7f { result.unicodeScalars.append(scalar) } else { result += "\\u{\(String(scalar.value, radix: 16))}" }
        }
        return result
    }

    /// Where `needle` first starts in `haystack` (an index of `haystack`), without copying it.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while start <= last {
            if haystack[start] == needle[0] {
                var k = 1
                while k < needle.count && haystack[start + k] == needle[k] { k += 1 }
                if k == needle.count { return start }
            }
            start += 1
        }
        return nil
    }

}
