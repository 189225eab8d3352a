/// `write_files`, `runcmd`/`bootcmd`, `manage_etc_hosts`.
extension CloudConfigDecoder {
    static let writeFileKeys = ["path", "content", "source", "encoding", "owner", "permissions", "append", "defer"]

    static func decodeWriteFiles(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [WriteFileSpec] {
        guard let items = node.sequence else {
            if !node.isNull { reader.error(node, path, "expected a list of files, found \(node.kindDescription)") }
            return []
        }
        return items.enumerated().compactMap { index, item in
            let at = path.appending(index)
            guard let pairs = reader.mapping(item, at: at) else { return nil }
            reader.warnUnknownKeys(pairs, known: writeFileKeys, at: at)
            guard let pathNode = item["path"], let target = reader.string(pathNode, at: at.appending("path")) else {
                reader.error(item, at, "a file needs a path")
                return nil
            }
            guard target.hasPrefix("/"), !target.contains("\0") else {
                reader.error(pathNode, at.appending("path"), "expected an absolute path, found \"\(target)\"")
                return nil
            }
            if item["source"] != nil {
                reader.error(item["source"], at.appending("source"),
                             "source (a URL to fetch) is not supported: cloud-config URLs are not fetched (no TLS, no name resolution in the initramfs); give content instead")
                return nil
            }
            let encoding = item["encoding"].flatMap { reader.string($0, at: at.appending("encoding")) } ?? "text/plain"
            guard let content = decodeContent(item["content"], encoding: encoding, &reader, item["encoding"] ?? item, at) else { return nil }
            var file = WriteFileSpec(path: target, content: content, file: reader.file, mark: item.mark, keyPath: at)
            if let owner = item["owner"].flatMap({ reader.string($0, at: at.appending("owner")) }) { file.owner = owner }
            if let mode = item["permissions"] {
                guard let permissions = decodeMode(&reader, mode, at.appending("permissions")) else { return nil }
                file.permissions = permissions
            }
            file.append = item["append"].flatMap { reader.bool($0, at: at.appending("append")) } ?? false
            file.deferred = item["defer"].flatMap { reader.bool($0, at: at.appending("defer")) } ?? false
            return file
        }
    }

    /// cloud-init's encodings and their spellings. Content tagged `!!binary` is YAML's base64 of
    /// bytes, decoded first (PyYAML hands cloud-init bytes then).
    static let encodings: Set<String> = ["text/plain", "text", "", "b64", "base64", "gz+b64", "gzip+base64", "gz+base64",
                                         "gzip+b64", "gz", "gzip"]

    static func decodeContent(_ node: Node?, encoding: String, _ reader: inout DocumentReader, _ where_: Node, _ path: KeyPath) -> [UInt8]? {
        guard encodings.contains(encoding.lowercased()) else {
            reader.error(where_, path.appending("encoding"), "unknown encoding \"\(encoding)\" (expected text/plain, b64, gz, gz+b64 or their spellings)")
            return nil
        }
        guard let node else { return [] }
        guard let text = reader.string(node, at: path.appending("content")) else { return node.isNull ? [] : nil }
        var raw = Array(text.utf8)
        if node.scalar?.tag == ScalarValue.tagPrefix + "binary" {
            guard let decoded = Base64.decode(text) else {
                reader.error(node, path.appending("content"), "the !!binary content is not valid base64")
                return nil
            }
            raw = decoded
        }
        let kind = encoding.lowercased()
        var bytes: [UInt8]
        switch kind {
        case "text/plain", "text", "": return raw
        case "b64", "base64", "gz+b64", "gzip+base64", "gz+base64", "gzip+b64":
            guard let decoded = Base64.decode(String(decoding: raw, as: UTF8.self)) else {
                reader.error(node, path.appending("content"), "the content is not valid base64")
                return nil
            }
            bytes = decoded
            if kind == "b64" || kind == "base64" { return bytes }
        case "gz", "gzip":
            bytes = raw
        default:
            reader.error(where_, path.appending("encoding"), "unknown encoding \"\(encoding)\" (expected text/plain, b64, gz, gz+b64 or their spellings)")
            return nil
        }
        do {
            return try Gzip.decompress(bytes, limit: DriveContents.fileLimit, budget: reader.inflateBudget)
        } catch {
            reader.error(node, path.appending("content"), "\(error)")
            return nil
        }
    }

    /// A mode as cloud-init reads `permissions`: YAML's octal `0644` (an integer), or a string of
    /// octal digits (`"0644"`, `"644"`). Bits beyond 07777 are an error, never masked silently.
    static func decodeMode(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> FileMode? {
        guard let scalar = node.scalar else {
            reader.error(node, path, "expected an octal mode such as 0644, found \(node.kindDescription)")
            return nil
        }
        let value: Int?
        switch scalar.resolved {
        case .int where !scalar.text.hasPrefix("0") && scalar.style == .plain:
            // `permissions: 644` is the decimal 644 to YAML, which cloud-init would apply as mode
            // 01204: almost certainly meant as 0644. Read the digits as octal, as a person would.
            value = Int(scalar.text, radix: 8)
        case .int(let number): value = number
        case .string(let text): value = Int(text.hasPrefix("0o") ? String(text.dropFirst(2)) : text, radix: 8)
        default: value = nil
        }
        guard let value, value >= 0, value <= 0o7777 else {
            reader.error(node, path, "\"\(scalar.text)\" is not a file mode (expected octal digits up to 07777, such as 0644)")
            return nil
        }
        return FileMode(UInt32(value))
    }

    static func decodeCommands(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [ShellCommand] {
        guard let items = node.sequence else {
            if !node.isNull { reader.error(node, path, "expected a list of commands, found \(node.kindDescription)") }
            return []
        }
        return items.enumerated().compactMap { index, item in
            let at = path.appending(index)
            if item.sequence != nil {
                let arguments = reader.stringList(item, at: at)
                return arguments.isEmpty ? nil : .arguments(arguments)
            }
            return reader.string(item, at: at).map(ShellCommand.shell)
        }
    }

    static func decodeEtcHosts(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> EtcHostsMode {
        if case .string(let text) = node.scalar?.resolved {
            switch text.lowercased() {
            case "template": return .template
            case "localhost": return .localhost
            default: break
            }
        }
        switch reader.bool(node, at: path) {
        case true?: return .template
        default: return .unmanaged
        }
    }
}
