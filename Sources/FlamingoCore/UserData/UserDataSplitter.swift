/// Turns a user-data blob into parts the way cloud-init reads it: gzip is inflated; a MIME
/// message is split (recursively) and each part typed by its Content-Type; anything else is
/// typed by how it starts (`#cloud-config`, `#!`, `#cloud-boothook`, …). Kinds flamingo cannot
/// handle in the initramfs come back as diagnostics naming the part.
public enum UserDataSplitter {
    /// Inflated user-data larger than this is refused (a gzip bomb).
    public static let inflatedLimit = 32 << 20

    public static func split(_ input: RawInput, budget: InflateBudget = InflateBudget()) -> (parts: [UserDataPart], diagnostics: [Diagnostic]) {
        var parts: [UserDataPart] = []
        var diagnostics: [Diagnostic] = []
        var bytes = input.bytes
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: inflatedLimit, budget: budget)
            } catch {
                return ([], [Diagnostic(.error, file: input.file, mark: nil, "\(error)")])
            }
        }
        if MIMEMessage.looksLikeMIME(bytes) {
            do {
                let message = try MIMEMessage(parsing: bytes)
                var counter = 0
                walk(message, file: input.file, counter: &counter, parts: &parts, diagnostics: &diagnostics, budget: budget)
            } catch {
                diagnostics.append(Diagnostic(.error, file: input.file, mark: nil, "invalid MIME user-data: \(error)"))
            }
        } else {
            classify(bytes, contentType: nil, name: input.file, filename: nil, parts: &parts, diagnostics: &diagnostics)
        }
        return (parts, diagnostics)
    }

    private static func walk(_ message: MIMEMessage, file: String, counter: inout Int,
                             parts: inout [UserDataPart], diagnostics: inout [Diagnostic], budget: InflateBudget) {
        if !message.parts.isEmpty || message.contentType.hasPrefix("multipart/") {
            for part in message.parts { walk(part, file: file, counter: &counter, parts: &parts, diagnostics: &diagnostics, budget: budget) }
            return
        }
        counter += 1
        let name = "\(file) part \(counter)" + (message.filename.map { " (\($0))" } ?? "")
        var body = message.body
        var contentType: String? = message.contentType
        if ["application/gzip", "application/x-gzip"].contains(message.contentType) || Gzip.isCompressed(body) {
            do {
                body = try Gzip.decompress(body, limit: inflatedLimit, budget: budget)
                contentType = nil  // typed by content, as cloud-init does after inflating
            } catch {
                diagnostics.append(Diagnostic(.error, file: name, mark: nil, "\(error)"))
                return
            }
        }
        if ["text/plain", "application/octet-stream", "text/x-not-multipart"].contains(message.contentType) { contentType = nil }
        classify(body, contentType: contentType, name: name, filename: message.filename, parts: &parts, diagnostics: &diagnostics)
    }

    /// The start of content that names its type, longest first, compared in lower case after
    /// leading whitespace (cloud-init's `type_from_starts_with`).
    static let startsWith: [(String, String)] = [
        ("#cloud-config-archive", "text/cloud-config-archive"),
        ("#cloud-config-jsonp", "text/cloud-config-jsonp"),
        ("## template: jinja", "text/jinja2"),
        ("#cloud-boothook", "text/cloud-boothook"),
        ("#part-handler", "text/part-handler"),
        ("#include-once", "text/x-include-once-url"),
        ("#cloud-config", "text/cloud-config"),
        ("#include", "text/x-include-url"),
        ("#!", "text/x-shellscript"),
    ]

    static func contentType(startingWith bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased().drop { $0.isWhitespace }
        return startsWith.first { head.hasPrefix($0.0) }?.1
    }

    private static func classify(_ bytes: [UInt8], contentType declared: String?, name: String, filename: String?,
                                 parts: inout [UserDataPart], diagnostics: inout [Diagnostic], depth: Int = 0) {
        if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
            return  // empty user-data: nothing to do
        }
        let type = declared ?? contentType(startingWith: bytes)
        func refuse(_ why: String) { diagnostics.append(Diagnostic(.error, file: name, mark: nil, why)) }
        switch type {
        case "text/cloud-config":
            parts.append(UserDataPart(kind: .cloudConfig, name: name, bytes: bytes, filename: filename))
        case "text/x-shellscript", "text/x-shellscript-per-instance":
            parts.append(UserDataPart(kind: .script(.perInstance), name: name, bytes: bytes, filename: filename))
        case "text/x-shellscript-per-boot":
            parts.append(UserDataPart(kind: .script(.perBoot), name: name, bytes: bytes, filename: filename))
        case "text/x-shellscript-per-once":
            parts.append(UserDataPart(kind: .script(.once), name: name, bytes: bytes, filename: filename))
        case "text/cloud-boothook":
            parts.append(UserDataPart(kind: .boothook, name: name, bytes: bytes, filename: filename))
        case "text/jinja2":
            refuse("jinja templates (## template: jinja) are not supported: flamingo renders no templates; send plain #cloud-config")
        case "text/x-include-url", "text/x-include-once-url":
            refuse("#include user-data is not supported: cloud-config URLs are not fetched (no TLS, no name resolution in the initramfs)")
        case "text/part-handler":
            refuse("part handlers (#part-handler) are not supported: they are Python code for cloud-init")
        case "text/cloud-config-archive":
            guard depth < 8 else { return refuse("#cloud-config-archive nested more than 8 deep") }
            explodeArchive(bytes, name: name, parts: &parts, diagnostics: &diagnostics, depth: depth)
        case "text/cloud-config-jsonp":
            refuse("#cloud-config-jsonp (JSON patches) is not supported")
        case let other?:
            diagnostics.append(Diagnostic(.warning, file: name, mark: nil, "content type \(other) is not one flamingo handles; ignored"))
        case nil:
            diagnostics.append(Diagnostic(.warning, file: name, mark: nil,
                                          "not #cloud-config, a #! script, a boothook or MIME: ignored (cloud-init ignores it too)"))
        }
    }

    /// `#cloud-config-archive`: a YAML list of parts, each a string (typed by how it starts) or
    /// `{type, content, filename, launch-index}`; each part is then what a MIME part would be.
    /// `launch-index` is not filtered on: flamingo's datasources give no launch index, and
    /// cloud-init keeps every part when it has none either.
    private static func explodeArchive(_ bytes: [UInt8], name: String, parts: inout [UserDataPart],
                                       diagnostics: inout [Diagnostic], depth: Int) {
        let document: Document
        do {
            document = try Document.parse(RawInput(file: name, bytes: bytes), as: .yaml)
        } catch let diagnostic as Diagnostic {
            return diagnostics.append(diagnostic)
        } catch {
            return diagnostics.append(Diagnostic(.error, file: name, mark: nil, "\(error)"))
        }
        var reader = DocumentReader(document: document)
        guard let items = document.root.sequence else {
            reader.error(document.root, KeyPath(), "a #cloud-config-archive is a list of parts, found \(document.root.kindDescription)")
            return diagnostics += reader.diagnostics
        }
        for (index, item) in items.enumerated() {
            let at = KeyPath([.index(index)])
            var content: String?, type: String?, filename: String?
            if item.scalar != nil {
                content = reader.string(item, at: at)
            } else if let pairs = reader.mapping(item, at: at) {
                reader.warnUnknownKeys(pairs, known: ["type", "content", "filename", "launch-index"], at: at)
                content = item["content"].flatMap { reader.string($0, at: at.appending("content")) }
                type = item["type"].flatMap { reader.string($0, at: at.appending("type")) }
                filename = item["filename"].flatMap { reader.string($0, at: at.appending("filename")) }
                if content == nil { reader.error(item, at, "an archive part needs content") }
            }
            guard let content else { continue }
            classify(Array(content.utf8), contentType: type, name: "\(name) part \(index + 1)", filename: filename,
                     parts: &parts, diagnostics: &diagnostics, depth: depth + 1)
        }
        diagnostics += reader.diagnostics
    }
}
