/// ca_certs, rsyslog, random_seed, packages, power_state, phone_home, `ssh`: what is written
/// into the root or left to the booted system.
extension CloudConfigDecoder {
    static func decodeCACertificates(_ certificates: inout [String], _ removeDefaults: inout Bool,
                                     _ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) {
        guard let pairs = reader.mapping(node, at: path) else { return }
        reader.warnUnknownKeys(pairs, known: ["trusted", "remove_defaults", "remove-defaults"], at: path)
        for key in ["remove_defaults", "remove-defaults"] {
            if let value = node[key] { removeDefaults = reader.bool(value, at: path.appending(key)) ?? false }
        }
        guard let trusted = node["trusted"] else { return }
        let given = reader.stringList(trusted, at: path.appending("trusted"))
        for (index, certificate) in given.enumerated() {
            guard certificate.contains("-----BEGIN CERTIFICATE-----"), certificate.contains("-----END CERTIFICATE-----") else {
                reader.error(trusted.sequence?[index] ?? trusted, path.appending("trusted").appending(index), "expected a PEM certificate (-----BEGIN CERTIFICATE-----)")
                continue
            }
            certificates.append(certificate)
        }
    }

    static func decodeRsyslog(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> RsyslogConfig? {
        var rsyslog = RsyslogConfig()
        // The old form: `rsyslog: [lines or {filename, content}]`.
        let configsNode: Node?
        if node.sequence != nil {
            configsNode = node
        } else {
            guard let pairs = reader.mapping(node, at: path) else { return nil }
            reader.warnUnknownKeys(pairs, known: ["config_dir", "config_filename", "configs", "remotes", "service_reload_command"], at: path)
            if let dir = node["config_dir"] { rsyslog.directory = decodeAbsolutePath(&reader, dir, path.appending("config_dir")) ?? rsyslog.directory }
            if let file = node["config_filename"], let name = reader.string(file, at: path.appending("config_filename")) {
                if name.contains("/") || name.isEmpty { reader.error(file, path.appending("config_filename"), "a file name, found \"\(name)\"") } else { rsyslog.defaultFile = name }
            }
            configsNode = node["configs"]
            if node["service_reload_command"] != nil {
                reader.warning(node["service_reload_command"], path.appending("service_reload_command"), "not needed: rsyslog reads the files when the booted system starts it; ignored")
            }
        }
        if let list = configsNode?.sequence {
            let at = node.sequence != nil ? path : path.appending("configs")
            for (index, item) in list.enumerated() {
                if item.scalar != nil {
                    if let content = reader.string(item, at: at.appending(index)) { rsyslog.configs.append(RsyslogFile(filename: rsyslog.defaultFile, content: content)) }
                } else if item.mapping != nil {
                    guard let content = item["content"].flatMap({ reader.string($0, at: at.appending(index).appending("content")) }) else {
                        reader.error(item, at.appending(index), "an rsyslog config needs content")
                        continue
                    }
                    let filename = item["filename"].flatMap { reader.string($0, at: at.appending(index).appending("filename")) } ?? rsyslog.defaultFile
                    if filename.split(separator: "/").contains("..") {
                        reader.error(item["filename"], at.appending(index).appending("filename"), "\"\(filename)\" leaves the config directory")
                        continue
                    }
                    rsyslog.configs.append(RsyslogFile(filename: filename, content: content))
                } else {
                    reader.error(item, at.appending(index), "expected a line or {filename, content}, found \(item.kindDescription)")
                }
            }
        }
        if let remotes = node.mapping == nil ? nil : node["remotes"], let pairs = reader.mapping(remotes, at: path.appending("remotes")) {
            var lines: [String] = []
            for pair in pairs {
                guard let name = pair.key.scalar?.text, let value = reader.line(pair.value, at: path.appending("remotes").appending(name)) else { continue }
                if let scalar = ControlCharacters.first(in: name) {
                    reader.error(pair.key, path.appending("remotes").appending(name), "a remote's name is one line, found \(ControlCharacters.name(scalar))")
                    continue
                }
                guard let line = RsyslogRemote.line(value) else {
                    reader.error(pair.value, path.appending("remotes").appending(name), "expected [selector] [@ or @@]host[:port], found \"\(value)\"")
                    continue
                }
                lines.append("\(line) # \(name)")
            }
            if !lines.isEmpty { rsyslog.configs.append(RsyslogFile(filename: rsyslog.defaultFile, content: lines.joined(separator: "\n"))) }
        }
        return rsyslog
    }

    static func decodeRandomSeed(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> RandomSeedConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["file", "data", "encoding", "command", "command_required"], at: path)
        var seed = RandomSeedConfig()
        if let file = node["file"] { seed.file = decodeAbsolutePath(&reader, file, path.appending("file")) ?? seed.file }
        if let data = node["data"], let text = reader.string(data, at: path.appending("data")) {
            let isBase64 = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=\n\r\t ".contains($0)) }
            let encoding = node["encoding"].flatMap { reader.string($0, at: path.appending("encoding")) } ?? "raw"
            switch encoding {
            case "raw": seed.data = Array(text.utf8)
            case "base64", "b64":
                if isBase64, let bytes = Base64.decode(text) { seed.data = bytes } else { reader.error(data, path.appending("data"), "not valid base64") }
            case "gzip", "gz", "gz+base64", "gzip+base64", "gz+b64", "gzip+b64":
                if isBase64, let bytes = Base64.decode(text), let inflated = try? Gzip.decompress(bytes, limit: 1 << 20, budget: reader.inflateBudget) { seed.data = inflated } else {
                    reader.error(data, path.appending("data"), "not valid base64-encoded gzip")
                }
            default:
                reader.error(node["encoding"], path.appending("encoding"), "expected raw, base64, b64, gzip or gz, found \"\(encoding)\"")
            }
        }
        if let command = node["command"] { seed.command = reader.stringList(command, at: path.appending("command")) }
        if let required = node["command_required"] { seed.commandRequired = reader.bool(required, at: path.appending("command_required")) ?? false }
        return seed
    }

    /// `vendor_data`: `enabled` (false drops vendor-data: `UserDataBundle`) is checked here;
    /// `prefix` (a command cloud-init puts before each vendor-data script) is not supported: said.
    static func decodeVendorData(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) {
        guard let pairs = reader.mapping(node, at: path) else { return }
        reader.warnUnknownKeys(pairs, known: ["enabled", "prefix"], at: path)
        if let enabled = node["enabled"] { _ = reader.bool(enabled, at: path.appending("enabled")) }
        if let prefix = node["prefix"], !prefix.isNull {
            reader.warning(prefix, path.appending("prefix"), "not supported: vendor-data scripts are handed to the booted system as they are, without a prefix command")
        }
    }

    static func decodePackages(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String] {
        guard let items = node.sequence else {
            if !node.isNull { reader.error(node, path, "expected a list of packages, found \(node.kindDescription)") }
            return []
        }
        var packages: [String] = []
        for (index, item) in items.enumerated() {
            let at = path.appending(index)
            // cloud-init's other package managers (`{apt: [...]}`, `{snap: [...]}`): not this image's.
            if let managers = item.mapping {
                let names = managers.compactMap { $0.key.scalar?.text }.joined(separator: ", ")
                reader.warning(item, at, "\(names) packages are not installed: flamingo hands packages to the image's own package manager only; skipped")
                continue
            }
            let parts = item.sequence.map { $0.enumerated().compactMap { reader.string($0.element, at: at.appending($0.offset)) } }
                ?? [reader.string(item, at: at)].compactMap { $0 }
            guard let name = parts.first else { continue }
            let spec = parts.count > 1 ? "\(name)=\(parts[1])" : name
            guard spec.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+-:=~*".contains($0)) }) else {
                reader.error(item, at, "\"\(spec)\" is not a package name")
                continue
            }
            packages.append(spec)
        }
        return packages
    }

    static func decodePowerState(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> PowerStateConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["mode", "delay", "message", "timeout", "condition"], at: path)
        guard let modeNode = node["mode"], let mode = reader.string(modeNode, at: path.appending("mode")) else {
            reader.error(node, path, "power_state needs a mode (poweroff, reboot, halt)")
            return nil
        }
        guard ["poweroff", "reboot", "halt"].contains(mode) else {
            reader.error(modeNode, path.appending("mode"), "expected poweroff, reboot or halt, found \"\(mode)\"")
            return nil
        }
        var state = PowerStateConfig(mode: mode)
        if let delay = node["delay"], let text = reader.string(delay, at: path.appending("delay")) {
            let minutes = text.hasPrefix("+") ? String(text.dropFirst()) : text
            guard text == "now" || (Int(minutes) ?? -1) >= 0 else {
                reader.error(delay, path.appending("delay"), "expected now or +MINUTES, found \"\(text)\"")
                return nil
            }
            state.delay = text == "now" ? "now" : "+\(minutes)"
        }
        state.message = node["message"].flatMap { reader.string($0, at: path.appending("message")) }
        if let timeout = node["timeout"] { state.timeout = reader.int(timeout, at: path.appending("timeout"), range: 0...86400) ?? 30 }
        if let condition = node["condition"] {
            if case .bool(let flag)? = condition.scalar?.resolved { state.conditionFalse = !flag } else {
                state.condition = condition.sequence != nil
                    ? reader.stringList(condition, at: path.appending("condition")).map { "'\($0.replacing("'", with: "'\\''"))'" }.joined(separator: " ")
                    : reader.string(condition, at: path.appending("condition"))
            }
        }
        return state
    }

    static func percentEncoded(_ url: String) -> String {
        let literal = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!&()*+,;=%".utf8)
        var encoded = ""
        for byte in url.utf8 {
            if literal.contains(byte) { encoded.append(Character(Unicode.Scalar(byte))) } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    static func decodePhoneHome(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> PhoneHomeConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["url", "post", "tries"], at: path)
        guard let urlNode = node["url"], let url = reader.string(urlNode, at: path.appending("url")) else {
            reader.error(node, path, "phone_home needs a url")
            return nil
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            reader.error(urlNode, path.appending("url"), "expected an http(s) URL, found \"\(url)\"")
            return nil
        }
        // As the HTTP client cloud-init uses sends it: what a URL cannot hold literally (the
        // spaces of `{{ v1.instance_id }}` in cloud-init's own example) percent-encoded — and
        // every character a shell would read inside double quotes (`$`, a backtick, `"`, `\`),
        // so that the hand-off script can never run part of it. `$INSTANCE_ID` is `%24INSTANCE_ID`.
        var home = PhoneHomeConfig(url: percentEncoded(url))
        if let post = node["post"] {
            if post.scalar?.text == "all" { home.post = PhoneHomeConfig.allFields } else {
                home.post = reader.stringList(post, at: path.appending("post")).filter { field in
                    PhoneHomeConfig.allFields.contains(field) || { reader.warning(post, path.appending("post"), "unknown field \"\(field)\""); return false }()
                }
            }
        }
        if let tries = node["tries"] { home.tries = reader.int(tries, at: path.appending("tries"), range: 1...100) ?? 10 }
        return home
    }

    static func decodeSSHSettings(_ keysToConsole: inout Bool, _ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) {
        guard let pairs = reader.mapping(node, at: path) else { return }
        reader.warnUnknownKeys(pairs, known: ["emit_keys_to_console"], at: path)
        if let emit = node["emit_keys_to_console"], reader.bool(emit, at: path.appending("emit_keys_to_console")) == false { keysToConsole = false }
    }
}

/// cloud-init's rsyslog remotes: `[selector] [@|@@]host[:port]` → an rsyslog forwarding line
/// (selector `*.*` by default; `@` UDP, `@@` TCP; IPv6 hosts in brackets).
public enum RsyslogRemote {
    public static func line(_ text: String) -> String? {
        var words = text.split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 2 else { return nil }
        let selector = words.count == 2 ? words.removeFirst() : "*.*"
        var target = words[0]
        var proto = "@"
        if target.hasPrefix("@@") { proto = "@@"; target.removeFirst(2) } else if target.hasPrefix("@") { target.removeFirst() }
        guard !target.isEmpty, target.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]_".contains($0) }) else { return nil }
        return "\(selector) \(proto)\(target)"
    }
}
