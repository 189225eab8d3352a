/// Ignition's URL rules: the schemes it knows (http, https, tftp, s3, arn, gs, data), a data URL
/// that decodes. Which of them flamingo can fetch is `IgnitionSources`' business.
enum IgnitionURL {
    static let schemes = ["http", "https", "tftp", "s3", "arn", "gs", "data"]

    /// The scheme, lowercased, when the text has one (`letter (letter | digit | + - .)* :`).
    static func scheme(_ url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    static func problem(_ url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "unable to parse url: it holds control characters" }
        guard let scheme = scheme(url), schemes.contains(scheme) else {
            return "invalid url scheme in \"\(url.prefix(40))\": Ignition reads http, https, tftp, s3, arn, gs and data URLs"
        }
        switch scheme {
        case "data":
            do { _ = try DataURL(parsing: url) } catch { return "invalid data URL: \(error)" }
        case "arn":
            let parts = url.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count < 6 || parts[2] != "s3" || !parts[5].contains("/") { return "invalid S3 ARN format" }
        default:
            break
        }
        return nil
    }
}
