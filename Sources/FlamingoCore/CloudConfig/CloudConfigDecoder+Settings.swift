/// timezone, locale, keyboard, ntp, yum_repos, resolv_conf: system settings written into the root.
extension CloudConfigDecoder {
    static func decodeAbsolutePath(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard text.hasPrefix("/"), !text.split(separator: "/").contains("..") else {
            reader.error(node, path, "expected an absolute path, found \"\(text)\"")
            return nil
        }
        return text
    }

    static func decodeLocale(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        if case .bool(false)? = node.scalar?.resolved { return nil }  // `locale: false`: leave it alone
        guard let text = reader.string(node, at: path) else { return nil }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }) else {
            reader.error(node, path, "\"\(text)\" is not a locale name (such as en_US.UTF-8)")
            return nil
        }
        return text
    }

    static func decodeKeyboard(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> KeyboardConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["layout", "model", "variant", "options"], at: path)
        guard let layout = node["layout"].flatMap({ reader.line($0, at: path.appending("layout")) }) else {
            reader.error(node, path, "keyboard needs a layout")
            return nil
        }
        var keyboard = KeyboardConfig(layout: layout)
        if let model = node["model"].flatMap({ reader.line($0, at: path.appending("model")) }) { keyboard.model = model }
        if let variant = node["variant"].flatMap({ reader.line($0, at: path.appending("variant")) }) { keyboard.variant = variant }
        if let options = node["options"].flatMap({ reader.line($0, at: path.appending("options")) }) { keyboard.options = options }
        let all = [keyboard.layout, keyboard.model, keyboard.variant, keyboard.options]
        if all.contains(where: { $0.contains(where: { $0 == "\"" || $0 == "\n" || $0 == "\\" }) }) {
            reader.error(node, path, "keyboard settings may not contain quotes, backslashes or line breaks")
            return nil
        }
        return keyboard
    }

    static let ntpClients = ["auto", "chrony", "systemd-timesyncd", "ntp"]

    static func decodeNTP(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> NTPConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["enabled", "ntp_client", "servers", "pools", "peers", "allow", "config"], at: path)
        var ntp = NTPConfig()
        if let enabled = node["enabled"] { ntp.enabled = reader.bool(enabled, at: path.appending("enabled")) ?? true }
        if let client = node["ntp_client"], let text = reader.string(client, at: path.appending("ntp_client")) {
            if ntpClients.contains(text) { ntp.client = text } else {
                // cloud-init configures a client of the user's own from `config`; flamingo has
                // templates for the known ones only: the section is left alone, said clearly.
                reader.warning(client, path.appending("ntp_client"),
                               "\"\(text)\" is not a client flamingo configures (\(ntpClients.joined(separator: ", "))): ntp is not applied")
                ntp.enabled = false
            }
        }
        for (key, keyPath) in [("servers", \NTPConfig.servers), ("pools", \NTPConfig.pools), ("peers", \NTPConfig.peers), ("allow", \NTPConfig.allow)] {
            guard let list = node[key] else { continue }
            // One word each: a space, a tab or a line break (CRLF too) would add a directive.
            ntp[keyPath: keyPath] = reader.lineList(list, at: path.appending(key), fieldSeparators: true)
        }
        if let config = node["config"], let configPairs = reader.mapping(config, at: path.appending("config")) {
            reader.warnUnknownKeys(configPairs, known: ["confpath", "check_exe", "packages", "service_name", "template"], at: path.appending("config"))
            if let confpath = config["confpath"] { ntp.configPath = decodeAbsolutePath(&reader, confpath, path.appending("config").appending("confpath")) }
            for key in ["check_exe", "packages", "service_name"] where config[key] != nil {
                reader.warning(config[key], path.appending("config").appending(key), "not used: flamingo installs no packages and enables the client's own unit; ignored")
            }
            if config["template"] != nil {
                reader.warning(config["template"], path.appending("config").appending("template"), "templates are not rendered (jinja); flamingo writes its own configuration")
            }
        }
        return ntp
    }

    static func decodeYumRepos(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [(id: String, settings: [(key: String, value: String)])] {
        guard let pairs = reader.mapping(node, at: path) else { return [] }
        var repos: [(id: String, settings: [(key: String, value: String)])] = []
        for pair in pairs {
            guard let given = pair.key.scalar?.text else { continue }
            let at = path.appending(given)
            // cloud-init's canonical id: spaces become dashes (`my package stream` → my-package-stream.repo).
            let id = given.replacing(" ", with: "-")
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-:".contains($0)) }) else {
                reader.error(pair.key, at, "\"\(id)\" is not a repository id (letters, digits, . _ - :)")
                continue
            }
            guard let settings = reader.mapping(pair.value, at: at) else { continue }
            var lines: [(key: String, value: String)] = []
            for setting in settings {
                guard let rawKey = setting.key.scalar?.text else { continue }
                guard !rawKey.isEmpty, rawKey.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) else {
                    reader.error(setting.key, at.appending(rawKey), "\"\(rawKey)\" is not a repository setting name (letters, digits, _ and -)")
                    continue
                }
                // cloud-init writes keys with `-` as `_` (yum's spelling).
                let key = rawKey.replacing("-", with: "_")
                let value: String?
                if let list = setting.value.sequence {
                    value = list.enumerated().compactMap { reader.line($0.element, at: at.appending(rawKey).appending($0.offset)) }.joined(separator: "\n    ")
                } else if case .bool(let flag)? = setting.value.scalar?.resolved {
                    value = flag ? "1" : "0"
                } else {
                    value = reader.line(setting.value, at: at.appending(rawKey))
                }
                guard let value else { continue }
                lines.append((key, value))
            }
            if !lines.contains(where: { $0.key == "baseurl" || $0.key == "metalink" || $0.key == "mirrorlist" }) {
                reader.error(pair.value, at, "a repository needs baseurl, metalink or mirrorlist")
                continue
            }
            if !lines.contains(where: { $0.key == "name" }) { lines.insert(("name", id), at: 0) }
            repos.append((id, lines))
        }
        return repos
    }

    static func decodeResolvConf(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> ResolvConfConfig? {
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        reader.warnUnknownKeys(pairs, known: ["nameservers", "searchdomains", "domain", "sortlist", "options"], at: path)
        var config = ResolvConfConfig()
        if let list = node["nameservers"] { config.nameservers = reader.lineList(list, at: path.appending("nameservers"), fieldSeparators: true) }
        if let list = node["searchdomains"] { config.searchDomains = reader.lineList(list, at: path.appending("searchdomains"), fieldSeparators: true) }
        if let domain = node["domain"] { config.domain = reader.line(domain, at: path.appending("domain"), fieldSeparators: true) }
        if let list = node["sortlist"] { config.sortlist = reader.lineList(list, at: path.appending("sortlist"), fieldSeparators: true) }
        if let options = node["options"], let optionPairs = reader.mapping(options, at: path.appending("options")) {
            for pair in optionPairs {
                guard let key = pair.key.scalar?.text else { continue }
                if case .bool(let flag)? = pair.value.scalar?.resolved {
                    if flag { config.options.append((key, nil)) }
                } else if let value = reader.line(pair.value, at: path.appending("options").appending(key), fieldSeparators: true) {
                    config.options.append((key, value))
                }
            }
        }
        let words = config.nameservers + config.searchDomains + config.sortlist + [config.domain ?? ""] + config.options.map { $0.key + ($0.value ?? "") }
        if words.contains(where: { ControlCharacters.first(in: $0) != nil || $0.unicodeScalars.contains(" ") }) {
            reader.error(node, path, "resolv.conf values are single words")
            return nil
        }
        return config
    }
}
