/// An `http://` URL as the metadata services use them: an IPv4 address (no name resolution in
/// the initramfs: docs/datasources.md), an optional port, a path. `https://` is refused with a
/// message saying why (no TLS library in the binary yet).
public struct HTTPURL: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: UInt16
    /// Starts with `/`; may carry a query.
    public var path: String

    public init(host: String, port: UInt16 = 80, path: String = "/") {
        self.host = host
        self.port = port
        self.path = path.hasPrefix("/") ? path : "/" + path
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `http://HOST[:PORT][/PATH]`.
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("https://") {
            throw Invalid(description: "\(text): https is not supported (flamingo carries no TLS library; docs/datasources.md)")
        }
        guard lowered.hasPrefix("http://") else { throw Invalid(description: "\(text): expected an http:// URL") }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard !authority.contains("@") else { throw Invalid(description: "\(text): credentials in a URL are not supported") }
        var host = Substring(authority)
        var port: UInt16 = 80
        if let colon = authority.lastIndex(of: ":") {
            guard let number = UInt16(authority[authority.index(after: colon)...]), number > 0 else {
                throw Invalid(description: "\(text): the port must be a number from 1 to 65535")
            }
            port = number
            host = authority[..<colon]
        }
        guard !host.isEmpty else { throw Invalid(description: "\(text): no host") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw Invalid(description: "\(text): unsupported host \"\(host)\" (an IPv4 address or a name)")
        }
        let path = rest[slash...]
        guard path.allSatisfy({ $0.isASCII && $0 > " " && $0 != "\u{7f}" }) else {
            throw Invalid(description: "\(text): the path must be printable ASCII without spaces")
        }
        self.init(host: String(host), port: port, path: path.isEmpty ? "/" : String(path))
    }

    /// `relative` resolved against this URL: an absolute path replaces the path; anything else
    /// is appended to the directory of the path (`…/latest/` + `meta-data` = `…/latest/meta-data`).
    public func appending(_ relative: String) -> HTTPURL {
        var url = self
        if relative.hasPrefix("/") {
            url.path = relative
        } else {
            let directory = path.hasSuffix("/") ? path : String(path[...(path.lastIndex(of: "/") ?? path.startIndex)])
            url.path = directory + relative
        }
        return url
    }

    /// Whether `other` is the same service (host and port): where a redirect may lead.
    public func isSameService(as other: HTTPURL) -> Bool { host.lowercased() == other.host.lowercased() && port == other.port }

    public var hostHeader: String { port == 80 ? host : "\(host):\(port)" }

    /// The URL as written, query included: what identifies a resource (a cache's key).
    public var fullText: String { "http://\(hostHeader)\(path)" }

    /// For messages, logs and the result record: a query is shown as `?…`, since it may carry a
    /// credential (a signed URL's signature, a token).
    public var description: String { "http://\(hostHeader)\(shownPath)" }

    /// `path` with its query shown as `?…`.
    public var shownPath: String {
        guard let question = path.firstIndex(of: "?") else { return path }
        return String(path[..<question]) + "?…"
    }
}
