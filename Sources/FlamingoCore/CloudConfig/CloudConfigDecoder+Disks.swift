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
