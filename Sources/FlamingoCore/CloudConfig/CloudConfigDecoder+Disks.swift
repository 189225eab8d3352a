/// `growpart` and `resize_rootfs`, with cloud-init's defaults (mode auto, devices ["/"], resize on).
extension CloudConfigDecoder {
    static let growpartKeys = ["mode", "devices", "ignore_growroot_disabled"]

    static func decodeGrowpart(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> GrowpartConfig {
        var config = GrowpartConfig()
        guard let pairs = reader.mapping(node, at: path) else { return config }
        reader.warnUnknownKeys(pairs, known: growpartKeys, at: path)
        if let mode = node["mode"] {
            let at = path.appending("mode")
            // `false` (a boolean) is cloud-init's spelling of off too.
            if case .bool(false)? = mode.scalar?.resolved {
                config.mode = .off
            } else if let text = reader.string(mode, at: at) {
                switch text {
                case "auto": config.mode = .auto
                case "growpart": config.mode = .growpart
                case "off": config.mode = .off
                case "gpart": reader.error(mode, at, "gpart is FreeBSD's: use auto or growpart (flamingo grows with libfdisk either way)")
                default: reader.error(mode, at, "expected auto, growpart, off or false, found \"\(text)\"")
                }
            }
        }
        if let devices = node["devices"] { config.devices = reader.stringList(devices, at: path.appending("devices")) }
        if let ignore = node["ignore_growroot_disabled"] {
            config.ignoreGrowrootDisabled = reader.bool(ignore, at: path.appending("ignore_growroot_disabled")) ?? false
        }
        return config
    }

    static func decodeResizeRootfs(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> ResizeRootfsSetting {
        if node.scalar?.text == "noblock" { return .noblock }
        guard let value = reader.bool(node, at: path) else { return .on }
        return value ? .on : .off
    }
}

/// `mounts`, `mount_default_fields`, `swap`, `device_aliases`.
extension CloudConfigDecoder {
    /// A field: strings and numbers as written, null as nil (take the default).
    static func mountField(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        if node.isNull { return nil }
        return reader.string(node, at: path)
    }

    static func decodeMounts(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [MountEntry] {
        guard !node.isNull else { return [] }
        guard let items = node.sequence else {
            reader.error(node, path, "expected a list of mount entries, found \(node.kindDescription)")
            return []
        }
        var entries: [MountEntry] = []
        for (index, item) in items.enumerated() {
            let at = path.appending(index)
            guard let fields = item.sequence else {
                reader.error(item, at, "expected a list [fs_spec, fs_file, fs_vfstype, fs_mntops, fs_freq, fs_passno], found \(item.kindDescription)")
                continue
            }
            guard (1...6).contains(fields.count) else {
                reader.error(item, at, "a mount entry has 1 to 6 fields, found \(fields.count)")
                continue
            }
            guard !fields[0].isNull else {
                reader.error(fields[0], at.appending(0), "fs_spec (the device) is required")
                continue
            }
            let values = fields.enumerated().map { mountField(&reader, $0.element, at.appending($0.offset)) }
            if let bad = values.enumerated().first(where: { $0.element?.contains(where: { $0 == "\n" || $0 == "\t" }) == true }) {
                reader.error(fields[bad.offset], at.appending(bad.offset), "a field may not contain a tab or a line break")
                continue
            }
            entries.append(MountEntry(fields: values, index: index))
        }
        return entries
    }

    static func decodeMountDefaults(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String?] {
        guard let items = node.sequence, items.count == 6 else {
            reader.error(node, path, "expected a list of 6 fields, found \(node.sequence.map { "\($0.count)" } ?? node.kindDescription)")
            return CloudConfig.defaultMountFields
        }
        return items.enumerated().map { mountField(&reader, $0.element, path.appending($0.offset)) }
    }

    static let swapKeys = ["filename", "size", "maxsize"]

    static func decodeSwap(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> SwapConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: swapKeys, at: path)
        var swap = SwapConfig()
        if let filename = node["filename"] {
            let at = path.appending("filename")
            if let name = reader.string(filename, at: at) {
                if name.hasPrefix("/") { swap.filename = name } else { reader.error(filename, at, "expected an absolute path, found \"\(name)\"") }
            }
        }
        if let size = node["size"] {
            if size.scalar?.text == "auto" {
                swap.size = .auto
            } else if let bytes = byteSize(&reader, size, path.appending("size")) {
                swap.size = .bytes(bytes)
            }
        }
        if let maxSize = node["maxsize"] { swap.maxSize = byteSize(&reader, maxSize, path.appending("maxsize")) }
        return swap
    }

    /// cloud-init's human2bytes: a number of bytes, or a number with B, K, M, G or T (powers of 1024).
    static func byteSize(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> UInt64? {
        guard let text = reader.string(node, at: path) else { return nil }
        if let bytes = ByteSize.parse(text) { return bytes }
        reader.error(node, path, "expected a size such as 1073741824, 512M or 2G, found \"\(text)\"")
        return nil
    }

    static func decodeAliases(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String: String] {
        guard let pairs = reader.mapping(node, at: path) else { return [:] }
        var aliases: [String: String] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar?.text, let value = reader.string(pair.value, at: path.appending(key)) else { continue }
            aliases[key] = value
        }
        return aliases
    }
}

/// Sizes as cloud-init writes them: `1073741824`, `512M`, `.5G`, `2GB`.
public enum ByteSize {
    public static func parse(_ text: String) -> UInt64? {
        var body = Substring(text.trimmingWhitespace())
        if body.hasSuffix("B") { body = body.dropLast() }
        let multipliers: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var multiplier = 1.0
        if let last = body.last, let factor = multipliers[last] { multiplier = factor; body = body.dropLast() }
        guard !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "." }), let number = Double(body), number >= 0 else { return nil }
        return UInt64(number * multiplier)
    }
}
