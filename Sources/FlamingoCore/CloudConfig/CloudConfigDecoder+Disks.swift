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
    /// A field: strings and numbers as written, null as nil (take the default). One line: a line
    /// break would add an entry (spaces and tabs are escaped when written, see `Fstab.line`).
    static func mountField(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        if node.isNull { return nil }
        return reader.line(node, at: path)
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
        // 2^64 bytes and more (`99999999999999999999T`) is no size: refused, not trapped on.
        let bytes = number * multiplier
        guard bytes.isFinite, bytes < 18_446_744_073_709_551_616.0 else { return nil }
        return UInt64(bytes)
    }
}

/// `disk_setup` and `fs_setup`, with cloud-init's defaults (mbr, no layout, no overwrite;
/// partition any).
extension CloudConfigDecoder {
    static let diskSetupKeys = ["table_type", "layout", "overwrite"]
    static let fsSetupKeys = ["label", "filesystem", "device", "partition", "overwrite", "replace_fs", "extra_opts", "cmd"]

    static func decodeDiskSetup(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [DiskSetupEntry] {
        guard let pairs = reader.mapping(node, at: path) else { return [] }
        var entries: [DiskSetupEntry] = []
        for pair in pairs {
            guard let device = pair.key.scalar?.text else { continue }
            let at = path.appending(device)
            guard let settings = reader.mapping(pair.value, at: at) else { continue }
            reader.warnUnknownKeys(settings, known: diskSetupKeys, at: at)
            var entry = DiskSetupEntry(device: device)
            if let table = pair.value["table_type"], let text = reader.string(table, at: at.appending("table_type")) {
                switch text.lowercased() {
                case "mbr": entry.tableType = .dos
                case "gpt": entry.tableType = .gpt
                default: reader.error(table, at.appending("table_type"), "expected mbr or gpt, found \"\(text)\"")
                }
            }
            if let overwrite = pair.value["overwrite"] { entry.overwrite = reader.bool(overwrite, at: at.appending("overwrite")) ?? false }
            if let layout = pair.value["layout"] { entry.layout = decodeLayout(&reader, layout, at.appending("layout"), table: entry.tableType) }
            entries.append(entry)
        }
        return entries
    }

    static func decodeLayout(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath, table: PartitionTable.Label) -> DiskSetupEntry.Layout {
        if node.isNull { return .none }
        if let items = node.sequence {
            var specs: [DiskSetupEntry.PartitionSpec] = []
            for (index, item) in items.enumerated() {
                let at = path.appending(index)
                let percentNode = item.sequence?.first ?? item
                guard let percent = reader.int(percentNode, at: at, range: 1...100) else { continue }
                var type: String?
                if let pair = item.sequence {
                    guard pair.count == 2 else { reader.error(item, at, "expected [percent, type], found \(pair.count) items"); continue }
                    type = reader.string(pair[1], at: at.appending(1))
                }
                specs.append(DiskSetupEntry.PartitionSpec(percent: percent, type: type))
            }
            let total = specs.reduce(0) { $0 + $1.percent }
            if total > 100 { reader.error(node, path, "the partitions add up to \(total) %, more than the disk") }
            if table == .dos, specs.count > 4 { reader.error(node, path, "an MBR table holds 4 primary partitions, found \(specs.count)") }
            return specs.isEmpty ? .none : .percentages(specs)
        }
        if node.scalar?.text.lowercased() == "remove" { return .remove }
        guard let value = reader.bool(node, at: path) else { return .none }
        return value ? .whole : .none
    }

    static func decodeFilesystemSetup(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [FilesystemSetupEntry] {
        guard !node.isNull else { return [] }
        guard let items = node.sequence else {
            reader.error(node, path, "expected a list of filesystems, found \(node.kindDescription)")
            return []
        }
        var entries: [FilesystemSetupEntry] = []
        for (index, item) in items.enumerated() {
            let at = path.appending(index)
            guard let pairs = reader.mapping(item, at: at) else { continue }
            reader.warnUnknownKeys(pairs, known: fsSetupKeys, at: at)
            guard let deviceNode = item["device"], let device = reader.string(deviceNode, at: at.appending("device")) else {
                reader.error(item, at, "a filesystem needs a device")
                continue
            }
            var entry = FilesystemSetupEntry(device: device, index: index)
            entry.label = item["label"].flatMap { reader.string($0, at: at.appending("label")) }
            entry.filesystem = item["filesystem"].flatMap { reader.string($0, at: at.appending("filesystem")) }?.lowercased()
            entry.replaceFilesystem = item["replace_fs"].flatMap { reader.string($0, at: at.appending("replace_fs")) }?.lowercased()
            entry.overwrite = item["overwrite"].flatMap { reader.bool($0, at: at.appending("overwrite")) } ?? false
            if let partition = item["partition"] {
                let text = partition.scalar?.text.lowercased()
                switch text {
                case "auto"?: entry.partition = .auto
                case "any"?: entry.partition = .any
                case "none"?, "null"?, "~"?, ""?: entry.partition = .none
                default:
                    if let number = reader.int(partition, at: at.appending("partition"), range: 1...128) { entry.partition = .number(number) }
                }
            }
            if let options = item["extra_opts"] {
                // A string is split on spaces (cloud-init spreads it character by character).
                entry.extraOptions = reader.stringList(options, at: at.appending("extra_opts")).flatMap { option in
                    options.sequence == nil ? option.split(separator: " ").map(String.init) : [option]
                }
            }
            if let command = item["cmd"] {
                entry.command = command.sequence == nil
                    ? reader.string(command, at: at.appending("cmd"))
                    : reader.stringList(command, at: at.appending("cmd")).joined(separator: " ")
            }
            if entry.filesystem == nil && entry.command == nil {
                reader.error(item, at, "a filesystem needs `filesystem` or `cmd`")
                continue
            }
            if let filesystem = entry.filesystem, entry.command == nil, !filesystem.allSatisfy({ $0.isLetter || $0.isNumber }) {
                reader.error(item["filesystem"], at.appending("filesystem"), "\"\(filesystem)\" is not a filesystem name")
                continue
            }
            entries.append(entry)
        }
        return entries
    }
}
