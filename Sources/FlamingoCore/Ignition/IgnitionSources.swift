/// The data an Ignition config names (file contents and fragments, merged and replacing
/// configs), turned into bytes: `data:` URLs decoded, `http://` fetched through the metadata
/// client when this run has a network, gzip inflated, `verification.hash` checked on the
/// inflated bytes (as Ignition checks it). HTTPS, TFTP, S3 and GCS are refused with the reason.
public struct IgnitionFetcher {
    /// Fetches an http:// URL with extra headers; nil when this run has no network (a drive).
    public var http: ((HTTPURL, [(String, String)]) throws -> [UInt8])?
    public var budget: InflateBudget

    public init(http: ((HTTPURL, [(String, String)]) throws -> [UInt8])? = nil, budget: InflateBudget = InflateBudget()) {
        self.http = http
        self.budget = budget
    }

    /// What may be fetched or inflated for one resource.
    public static let limit = DriveContents.fileLimit
}

public struct IgnitionSourceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension IgnitionFetcher {
    /// The resource's bytes; nil when it names no source.
    public func load(_ resource: IgnitionResource) throws -> [UInt8]? {
        guard let source = resource.source, !source.isEmpty else { return nil }
        var bytes: [UInt8]
        switch IgnitionURL.scheme(source) {
        case "data"?:
            do { bytes = try DataURL(parsing: source).data } catch { throw IgnitionSourceError("invalid data URL: \(error)") }
        case "http"?:
            guard let http else {
                throw IgnitionSourceError("\(Self.shortened(source)) not fetched: this run has no network (the config came from a drive or fw_cfg); give the data inline as a data: URL")
            }
            let url: HTTPURL
            do { url = try HTTPURL(parsing: source) } catch { throw IgnitionSourceError("\(error)") }
            let headers = resource.httpHeaders.compactMap { header in header.value.map { (header.name, $0) } }
            bytes = try http(url, headers)
        case "https"?:
            throw IgnitionSourceError("\(Self.shortened(source)): https is not supported (flamingo carries no TLS library yet; docs/ignition.md)")
        case let scheme?:
            throw IgnitionSourceError("\(Self.shortened(source)): \(scheme) sources are not supported by flamingo (data: and http: are; docs/ignition.md)")
        case nil:
            throw IgnitionSourceError("\(Self.shortened(source)): not a URL")
        }
        if resource.compression == "gzip" {
            do {
                bytes = try Gzip.decompress(bytes, limit: Self.limit, budget: budget)
            } catch {
                throw IgnitionSourceError("compression gzip: \(error)")
            }
        }
        if let hash = resource.hash { try Self.verify(bytes, hash) }
        return bytes
    }

    static func verify(_ bytes: [UInt8], _ hash: String) throws {
        let parts = hash.split(separator: "-", maxSplits: 1)
        guard parts.count == 2 else { throw IgnitionSourceError("malformed hash specifier") }
        let computed: String
        switch parts[0] {
        case "sha512": computed = SHA2.hex(SHA2.sha512(bytes))
        case "sha256": computed = SHA2.hex(SHA2.sha256(bytes))
        default: throw IgnitionSourceError("unrecognized hash function \(parts[0])")
        }
        guard computed == parts[1].lowercased() else {
            throw IgnitionSourceError("hash verification failed (calculated \(parts[0])-\(computed) but expected \(hash))")
        }
    }

    /// A URL for a message: data URLs can be long (and are content).
    static func shortened(_ source: String) -> String {
        source.count > 60 ? String(source.prefix(57)) + "…" : source
    }
}

extension IgnitionFetcher {
    /// Every http:// source `document` names — configs it merges or is replaced by, file
    /// contents and fragments — fetched now with `get` (while a network is up), by URL.
    public static func prefetch(_ document: IgnitionDocument, get: @escaping (HTTPURL, [(String, String)]) throws -> [UInt8]) -> [String: FetchedSource] {
        final class Cache: @unchecked Sendable { var sources: [String: FetchedSource] = [:] }
        let cache = Cache()
        let fetcher = IgnitionFetcher(http: { url, headers in
            let key = url.fullText
            switch cache.sources[key] {
            case .bytes(let bytes)?: return bytes
            case .failed(let why)?: throw IgnitionSourceError(why)
            case nil: break
            }
            do {
                let bytes = try get(url, headers)
                cache.sources[key] = .bytes(bytes)
                return bytes
            } catch {
                cache.sources[key] = .failed("\(error)")
                throw error
            }
        })
        if let config = try? document.rendered(fetcher) {
            for resource in config.files.flatMap({ [$0.contents].compactMap { $0 } + $0.append }) {
                _ = try? fetcher.load(resource)
            }
        }
        return cache.sources
    }

    /// A fetcher that serves what `prefetch` fetched; other http sources are refused.
    public static func serving(_ fetched: [String: FetchedSource], budget: InflateBudget = InflateBudget()) -> IgnitionFetcher {
        IgnitionFetcher(http: { url, _ in
            switch fetched[url.fullText] {
            case .bytes(let bytes)?: return bytes
            case .failed(let why)?: throw IgnitionSourceError(why)
            case nil:
                throw IgnitionSourceError("\(url) not fetched: this run has no network (the config came from a drive or fw_cfg); give the data inline as a data: URL")
            }
        }, budget: budget)
    }
}
