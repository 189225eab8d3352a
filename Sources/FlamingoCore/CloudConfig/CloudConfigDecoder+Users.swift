/// `users`, `groups`, keys and passwords.
extension CloudConfigDecoder {
    static let userKeys = ["name", "gecos", "groups", "primary_group", "homedir", "shell", "uid", "system",
                           "no_create_home", "no_user_group", "lock_passwd", "passwd", "hashed_passwd",
                           "plain_text_passwd", "expiredate", "inactive", "sudo", "doas", "ssh_authorized_keys",
                           "ssh_redirect_user", "create_groups", "selinux_user", "no_log_init", "ssh_import_id", "snapuser"]

    /// `users` as cloud-init normalises it: a comma-separated string, a list of names, `default`
    /// and mappings, or a mapping from names to settings.
    static func decodeUsers(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [UserEntry] {
        switch node.content {
        case .scalar:
            return reader.stringList(node, at: path, separator: ",").compactMap { name in
                named(name, &reader, node, path)
            }
        case .sequence(let items):
            return items.enumerated().compactMap { index, item in
                let itemPath = path.appending(index)
                if item.scalar != nil {
                    return reader.string(item, at: itemPath).flatMap { named($0, &reader, item, itemPath) }
                }
                guard let pairs = reader.mapping(item, at: itemPath) else { return nil }
                return decodeUser(&reader, item, pairs, name: nil, itemPath)
            }
        case .mapping(let pairs):
            return pairs.compactMap { pair in
                guard let name = pair.key.scalar?.text else { return nil }
                let itemPath = path.appending(name)
                if case .bool(false) = pair.value.scalar?.resolved { return nil }
                if name == "default" { return .defaultUser }
                let settings = pair.value.mapping ?? []
                return decodeUser(&reader, pair.value, settings, name: name, itemPath)
            }
        }
    }

    /// `user:` — a name, or a user's settings — over the distribution's default user.
    static func decodeDefaultUserOverride(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> DefaultUserOverride? {
        if node.isNull { return nil }
        if node.scalar != nil {
            guard let name = reader.string(node, at: path) else { return nil }
            guard case .user(let spec)? = named(name, &reader, node, path) else { return nil }
            return DefaultUserOverride(spec: spec, keys: ["name"])
        }
        guard let pairs = reader.mapping(node, at: path) else { return nil }
        // Without a name the default user keeps its own: decoded under a stand-in, not applied.
        let placeholder = node["name"] == nil ? "_flamingo_default_user" : nil
        guard case .user(let spec)? = decodeUser(&reader, node, pairs, name: placeholder, path) else { return nil }
        return DefaultUserOverride(spec: spec, keys: Set(pairs.compactMap { $0.key.scalar?.text }))
    }

    /// A user given by name only (`users: [alice]`), checked like any other.
    static func named(_ name: String, _ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> UserEntry? {
        if name == "default" { return .defaultUser }
        guard UserName.isValid(name) else {
            reader.error(node, path, "\"\(name)\" is not a valid user name (\(UserName.rule))")
            return nil
        }
        return .user(UserSpec(name: name, file: reader.file, mark: node.mark, keyPath: path))
    }

    static func decodeUser(_ reader: inout DocumentReader, _ node: Node, _ pairs: [Node.Pair], name given: String?,
                           _ path: KeyPath) -> UserEntry? {
        let nameNode = node["name"]
        if given == nil, nameNode == nil, node["snapuser"] != nil {
            reader.warning(node["snapuser"], path.appending("snapuser"), "snap users are not supported by flamingo; entry ignored")
            return nil
        }
        guard let name = given ?? nameNode.flatMap({ reader.string($0, at: path.appending("name")) }) else {
            reader.error(node, path, "a user needs a name")
            return nil
        }
        if name == "default" { return .defaultUser }
        guard UserName.isValid(name) else {
            reader.error(nameNode ?? node, path.appending("name"), "\"\(name)\" is not a valid user name (\(UserName.rule))")
            return nil
        }
        reader.warnUnknownKeys(pairs, known: userKeys, at: path)
        var user = UserSpec(name: name, file: reader.file, mark: node.mark, keyPath: path)
        // A value that would add a field or a line to an account file refuses the whole user, as
        // useradd refuses it: a half-made account is worse than none.
        var refused = false
        func field(_ value: Node, _ at: KeyPath, _ what: String) -> String? {
            guard let text = reader.string(value, at: at) else { return nil }
            if let problem = accountFieldProblem(text) {
                reader.error(value, at, "\(what) \(problem); user \(name) not created or changed")
                refused = true
                return nil
            }
            return text
        }
        func groupNames(_ names: [String], _ value: Node, _ at: KeyPath) -> [String] {
            for group in names where !UserName.isValid(group) {
                reader.error(value, at, "\"\(group)\" is not a valid group name (\(UserName.rule)); user \(name) not created or changed")
                refused = true
            }
            return names
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            let value = pair.value, at = path.appending(key)
            switch key {
            case "gecos": user.gecos = field(value, at, "the gecos field")
            case "groups": user.groups = groupNames(reader.stringList(value, at: at, separator: ","), value, at)
            case "primary_group": user.primaryGroup = reader.string(value, at: at).map { groupNames([$0], value, at)[0] }
            case "homedir": user.homedir = absolutePath(&reader, value, at)
            case "shell": user.shell = absolutePath(&reader, value, at)
            case "uid": user.uid = reader.int(value, at: at, range: 0...4_294_967_294).map(UInt32.init)
            case "system": user.system = reader.bool(value, at: at) ?? false
            case "no_create_home": user.noCreateHome = reader.bool(value, at: at) ?? false
            case "no_user_group": user.noUserGroup = reader.bool(value, at: at) ?? false
            case "lock_passwd":
                user.lockPassword = reader.bool(value, at: at) ?? true
                user.lockPasswordGiven = true
            case "passwd": user.passwd = field(value, at, "the password hash").flatMap { _ in passwordHash(&reader, value, at) }
            case "hashed_passwd": user.hashedPassword = field(value, at, "the password hash").flatMap { _ in passwordHash(&reader, value, at) }
            case "plain_text_passwd": user.plainTextPassword = reader.string(value, at: at)
            case "expiredate": user.expireDays = expireDate(&reader, value, at)
            case "inactive": user.inactiveDays = reader.int(value, at: at, range: -1...99_999)
            case "sudo": user.sudo = sudoRules(&reader, value, at)
            case "doas": user.doas = doasRules(&reader, value, at, user: name)
            case "ssh_authorized_keys": user.sshAuthorizedKeys = decodeKeys(&reader, value, at)
            case "ssh_redirect_user": user.sshRedirectUser = reader.bool(value, at: at) ?? false
            case "create_groups": user.createGroups = reader.bool(value, at: at) ?? true
            case "name", "selinux_user", "no_log_init", "ssh_import_id", "snapuser":
                break
            default:
                break  // warned about above
            }
        }
        for key in ["selinux_user", "ssh_import_id", "snapuser"] where node[key] != nil {
            reader.warning(node[key], path.appending(key), "not supported by flamingo; ignored")
        }
        if let given = node["passwd"] ?? node["hashed_passwd"] ?? node["plain_text_passwd"], !user.lockPasswordGiven,
           user.passwd != nil || user.hashedPassword != nil || user.plainTextPassword != nil {
            reader.warning(given, path, "user \(name) has a password but lock_passwd is left at its default (true): "
                           + "the password is locked and cannot be used to log in; set lock_passwd: false to use it")
        }
        return refused ? nil : .user(user)
    }

    /// `sudo`: one rule, a list of rules, or false/null for none. Each rule is checked as sudoers
    /// would parse it; an invalid one is an error and is never written.
    static func sudoRules(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String]? {
        if case .bool(false) = node.scalar?.resolved { return nil }
        if node.isNull { return nil }
        var rules: [String] = []
        let items: [(Node, KeyPath)] = node.sequence.map { $0.enumerated().map { ($1, path.appending($0)) } } ?? [(node, path)]
        for (item, at) in items {
            guard let rule = reader.string(item, at: at) else { continue }
            if let problem = SudoRule.problem(rule) {
                reader.error(item, at, "invalid sudo rule \"\(rule)\": \(problem); not written")
            } else {
                rules.append(rule)
            }
        }
        return rules
    }

    /// `doas`: rules for /etc/doas.conf; each must permit or deny and name this user, as cloud-init checks.
    static func doasRules(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath, user: String) -> [String] {
        var rules: [String] = []
        let items: [(Node, KeyPath)] = node.sequence.map { $0.enumerated().map { ($1, path.appending($0)) } } ?? [(node, path)]
        for (item, at) in items {
            guard let rule = reader.string(item, at: at) else { continue }
            let words = rule.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if rule.contains(where: \.isNewline) || !["permit", "deny"].contains(words.first ?? "") || !words.contains(user) {
                reader.error(item, at, "invalid doas rule \"\(rule)\": expected \"permit|deny [options] \(user) …\" on one line; not written")
            } else {
                rules.append(rule)
            }
        }
        return rules
    }

    static func decodeGroups(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [GroupSpec] {
        var groups: [GroupSpec] = []
        func add(_ name: String, _ members: [String], _ at: KeyPath, _ where: Node) {
            guard UserName.isValid(name) else {
                reader.error(`where`, at, "\"\(name)\" is not a valid group name (\(UserName.rule))")
                return
            }
            if let member = members.first(where: { !UserName.isValid($0) }) {
                reader.error(`where`, at, "group \(name): \"\(member)\" is not a valid user name (\(UserName.rule)); group not created or changed")
                return
            }
            groups.append(GroupSpec(name: name, members: members))
        }
        switch node.content {
        case .scalar:
            for name in reader.stringList(node, at: path, separator: ",") { add(name, [], path, node) }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                let at = path.appending(index)
                if let pairs = item.mapping {
                    for pair in pairs {
                        guard let name = pair.key.scalar?.text else { continue }
                        add(name, reader.stringList(pair.value, at: at.appending(name), separator: ","), at.appending(name), pair.key)
                    }
                } else if let name = reader.string(item, at: at) {
                    add(name, [], at, item)
                }
            }
        case .mapping(let pairs):
            for pair in pairs {
                guard let name = pair.key.scalar?.text else { continue }
                add(name, reader.stringList(pair.value, at: path.appending(name), separator: ","), path.appending(name), pair.key)
            }
        }
        return groups
    }

    /// Keys as a string, a list, or a mapping whose values are keys (cloud-init accepts all three).
    static func decodeKeys(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String] {
        let keys = PublicKeys.read(node, at: path, reader: &reader)
        for key in keys where !AuthorizedKeys.isKey(key) {
            reader.warning(node, path, "\"\(key.prefix(32))…\" does not look like an SSH public key; written anyway")
        }
        return keys
    }

    static func decodePasswordAuthentication(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> Bool? {
        if case .string(let text) = node.scalar?.resolved, text.lowercased() == "unchanged" { return nil }
        return reader.bool(node, at: path)
    }

    static func decodeChpasswd(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> Chpasswd {
        var result = Chpasswd()
        guard let pairs = reader.mapping(node, at: path) else { return result }
        reader.warnUnknownKeys(pairs, known: ["expire", "users", "list"], at: path)
        if let expire = node["expire"] { result.expire = reader.bool(expire, at: path.appending("expire")) ?? true }
        if let users = node["users"] {
            for (index, item) in (users.sequence ?? []).enumerated() {
                let at = path.appending("users").appending(index)
                let type = item["type"].flatMap { reader.string($0, at: at.appending("type")) } ?? "hash"
                guard reader.mapping(item, at: at) != nil,
                      let name = item["name"].flatMap({ reader.string($0, at: at.appending("name")) }) else {
                    reader.error(item, at, "each entry needs a name and a password")
                    continue
                }
                if type == "RANDOM" {
                    reader.warning(item["type"], at.appending("type"), randomPasswordLocked(name))
                    result.users.append((name, Self.lockedPassword))
                    continue
                }
                guard let password = item["password"].flatMap({ reader.string($0, at: at.appending("password")) }) else {
                    reader.error(item, at, "each entry needs a name and a password")
                    continue
                }
                switch type {
                case "text": result.users.append((name, .text(password)))
                case "hash":
                    if let problem = accountFieldProblem(password) {
                        reader.error(item["password"], at.appending("password"), "the password hash \(problem); \(name)'s password not set")
                    } else {
                        result.users.append((name, .hash(password)))
                    }
                default:
                    reader.error(item["type"], at.appending("type"), "expected text, hash or RANDOM, found \"\(type)\"")
                }
            }
            if users.sequence == nil && !users.isNull { reader.error(users, path.appending("users"), "expected a list, found \(users.kindDescription)") }
        }
        if let list = node["list"] {
            reader.warning(node["list"], path.appending("list"), "deprecated in cloud-init; use chpasswd.users")
            let lines: [(String, Node)]
            if let items = list.sequence {
                lines = items.compactMap { item in item.scalar.map { ($0.text, item) } }
            } else {
                lines = (list.scalar?.text ?? "").split(whereSeparator: \.isNewline).map { (String($0), list) }
            }
            for (line, where_) in lines {
                let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    reader.error(where_, path.appending("list"), "expected user:password lines")
                    continue
                }
                if parts[1] == "R" || parts[1] == "RANDOM" {
                    reader.warning(where_, path.appending("list"), randomPasswordLocked(parts[0]))
                    result.users.append((parts[0], Self.lockedPassword))
                } else if CryptHash.isHash(parts[1]) {
                    result.users.append((parts[0], .hash(parts[1])))
                } else {
                    result.users.append((parts[0], .text(parts[1])))
                }
            }
        }
        return result
    }

    /// `RANDOM` (or `R`): cloud-init makes a password and prints it on the console. flamingo prints
    /// no secret, so it makes none: the password is locked (`!`) — never a known one.
    static let lockedPassword = Chpasswd.Password.hash("!")

    static func randomPasswordLocked(_ name: String) -> String {
        "RANDOM: flamingo prints no secrets, so it makes no password to print: \(name)'s password is locked instead (give a hash, or log in with a key)"
    }

    /// Why `text` cannot be a field of passwd, shadow or group, or nil: `:` separates fields, and
    /// a line break (CR included) or another control character would add or hide a line.
    static func accountFieldProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars {
            if scalar == ":" { return "contains ':', the account files' field separator" }
        }
        if let scalar = ControlCharacters.first(in: text) ?? text.unicodeScalars.first(where: { $0 == "\t" }) {
            return "contains a control character (\(ControlCharacters.name(scalar))), which would add or hide a line"
        }
        return nil
    }

    static func passwordHash(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        guard let hash = reader.string(node, at: path) else { return nil }
        if !CryptHash.isHash(hash) && hash != "*" && hash != "!" {
            reader.warning(node, path, "does not look like a crypt(3) hash; written as given (a plain-text password belongs in plain_text_passwd)")
        }
        return hash
    }

    static func absolutePath(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard text.hasPrefix("/"), !text.contains(":"), ControlCharacters.first(in: text) == nil else {
            reader.error(node, path, "expected an absolute path without ':', found \"\(text)\"")
            return nil
        }
        return text
    }

    /// `expiredate: YYYY-MM-DD` as days since the epoch (what /etc/shadow stores).
    static func expireDate(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> Int? {
        guard let text = reader.string(node, at: path) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1970...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
            reader.error(node, path, "expected a date as YYYY-MM-DD, found \"\(text)\"")
            return nil
        }
        return CivilDate.daysSinceEpoch(year: parts[0], month: parts[1], day: parts[2])
    }
}
