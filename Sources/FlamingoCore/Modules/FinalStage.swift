/// What cloud-init does last, after the user's commands — handed to the booted system in this
/// order: host keys to the console (keys_to_console), `phone_home`, `final_message`,
/// `power_state` (always last).
public enum FinalStage: Module {
    public static let name = "final_stage"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("power_state", Settings.self) { s, r, n, p in s.powerState = CloudConfigDecoder.decodePowerState(&r, n, p) },
        ConfigKey("phone_home", Settings.self) { s, r, n, p in s.phoneHome = CloudConfigDecoder.decodePhoneHome(&r, n, p) },
        ConfigKey("final_message", Settings.self) { s, r, n, p in s.finalMessage = r.string(n, at: p) },
        ConfigKey("no_ssh_fingerprints", Settings.self) { s, r, n, p in if r.bool(n, at: p) == true { s.keysToConsole = false } },
        ConfigKey("ssh", Settings.self) { s, r, n, p in CloudConfigDecoder.decodeSSHSettings(&s.keysToConsole, &r, n, p) },
        ConfigKey("ssh_key_console_blacklist", Settings.self) { s, r, n, p in s.consoleKeyTypesLeftOut = r.stringList(n, at: p) },
        ConfigKey("ssh_fp_console_blacklist", Settings.self) { s, r, n, p in s.consoleFingerprintTypesLeftOut = r.stringList(n, at: p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var powerState: PowerStateConfig?
        public var phoneHome: PhoneHomeConfig?
        public var finalMessage: String?
        /// Host key fingerprints and keys printed to the console by the booted system (`no_ssh_fingerprints`,
        /// `ssh.emit_keys_to_console`, the two blacklists).
        public var keysToConsole = true
        public var consoleKeyTypesLeftOut: [String] = []
        public var consoleFingerprintTypesLeftOut: [String] = []

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        let before = context.handoffCommands.count
        let hasSSH = try context.sysroot.statusFollowing("/usr/sbin/sshd") != nil
        if config[Settings.self].keysToConsole && hasSSH {
            // The types left out come from user-data: quoted once here, never inside the script's text.
            let skipFingerprints = Handoff.shellQuote(" " + config[Settings.self].consoleFingerprintTypesLeftOut.joined(separator: " ") + " ")
            let skipKeys = Handoff.shellQuote(" " + config[Settings.self].consoleKeyTypesLeftOut.joined(separator: " ") + " ")
            context.handoffCommands.append(("keys-to-console", """
                skip_fingerprints=\(skipFingerprints)
                skip_keys=\(skipKeys)
                {
                echo "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
                for key in /etc/ssh/ssh_host_*_key.pub; do
                    type=${key#/etc/ssh/ssh_host_}; type=${type%_key.pub}
                    case $skip_fingerprints in *" ssh-$type "*|*" $type "*) continue ;; esac
                    [ -e "$key" ] && ssh-keygen -l -f "$key"
                done
                echo "-----END SSH HOST KEY FINGERPRINTS-----"
                echo "-----BEGIN SSH HOST KEY KEYS-----"
                for key in /etc/ssh/ssh_host_*_key.pub; do
                    type=${key#/etc/ssh/ssh_host_}; type=${type%_key.pub}
                    case $skip_keys in *" ssh-$type "*|*" $type "*) continue ;; esac
                    [ -e "$key" ] && cat "$key"
                done
                echo "-----END SSH HOST KEY KEYS-----"
                } > /dev/console 2>&1 || true

                """, false))
        }
        if let home = config[Settings.self].phoneHome {
            var script = "data=\"instance_id=$(cat /var/lib/flamingo/instance-id 2>/dev/null)\"\n"
            for field in home.post where field != "instance_id" {
                switch field {
                case "hostname": script += "data=\"$data&hostname=$(hostname -s)\"\n"
                case "fqdn": script += "data=\"$data&fqdn=$(hostname -f 2>/dev/null || hostname)\"\n"
                default:
                    let type = field.replacing("pub_key_", with: "")
                    script += "[ -e /etc/ssh/ssh_host_\(type)_key.pub ] && data=\"$data&\(field)=$(sed 's/ /%20/g; s/+/%2B/g' /etc/ssh/ssh_host_\(type)_key.pub)\"\n"
                }
            }
            if !home.post.contains("instance_id") { script = script.replacing("data=\"instance_id=$(cat /var/lib/flamingo/instance-id 2>/dev/null)\"\n", with: "data=\"\"\n") }
            // The URL holds no shell character (percent-encoded when decoded), but its placeholder.
            let url = home.url.replacing("%24INSTANCE_ID", with: "$(cat /var/lib/flamingo/instance-id)")
            script += "curl -fsS --retry \(home.tries - 1) -X POST --data \"$data\" \"\(url)\" > /dev/null\n"
            context.handoffCommands.append(("phone-home", script, false))
        }
        if let message = config[Settings.self].finalMessage {
            context.handoffCommands.append(("final-message", """
                UPTIME=$(cut -d' ' -f1 /proc/uptime) || :; TIMESTAMP=$(date -R) || :; DATASOURCE=\(Handoff.shellQuote(context.instance.datasource)); VERSION=\(Handoff.shellQuote(FlamingoVersion.current))
                printf '%s\\n' \(Self.shellWord(message, variables: ["UPTIME", "TIMESTAMP", "DATASOURCE", "VERSION"])) > /dev/console 2>&1 || true

                """, false))
        }
        if let state = config[Settings.self].powerState, !state.conditionFalse {
            let command = state.mode == "poweroff" ? "-P" : state.mode == "reboot" ? "-r" : "-H"
            var script = state.condition.map { "if ! timeout \(state.timeout) sh -c \"\($0.replacing("\"", with: "\\\""))\"; then echo 'power_state: condition not met'; exit 0; fi\n" } ?? ""
            let message = state.message.map { " '\($0.replacing("'", with: "'\\''"))'" } ?? ""
            script += "shutdown \(command) \(state.delay)\(message)\n"
            context.handoffCommands.append(("power-state", script, false))
        }
        let handed = context.handoffCommands.dropFirst(before).map(\.name)
        plan.notes.append(handed.isEmpty ? "nothing for the end of the boot" : "handed to the booted system: \(handed.joined(separator: ", "))")
        return plan
    }

    /// `text` as one shell word: literal everywhere (single-quoted) but at the named variables
    /// (`$NAME`, `${NAME}`, `{{ name }}` as cloud-init's template writes them), which expand.
    /// Nothing else in it can run: `$(…)` and backquotes stay text.
    static func shellWord(_ text: String, variables: [String]) -> String {
        var spellings: [(String, String)] = []
        for name in variables {
            let lower = name.lowercased()
            spellings += [("${\(name)}", name), ("$\(name)", name), ("${\(lower)}", name), ("$\(lower)", name),
                          ("{{\(lower)}}", name), ("{{ \(lower) }}", name)]
        }
        var word = "", literal = ""
        var rest = Substring(text)
        outer: while !rest.isEmpty {
            for (spelling, name) in spellings where rest.hasPrefix(spelling) {
                // `$NAME` must not be the start of a longer name (`$UPTIMES`).
                let after = rest.dropFirst(spelling.count)
                if spelling.hasPrefix("$"), !spelling.hasPrefix("${"), let next = after.first, next.isLetter || next.isNumber || next == "_" { continue }
                word += Handoff.shellQuote(literal) + "\"$\(name)\""
                literal = ""
                rest = after
                continue outer
            }
            literal.append(rest.removeFirst())
        }
        return word + Handoff.shellQuote(literal)
    }
}
