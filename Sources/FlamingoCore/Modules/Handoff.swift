/// Hands what only the booted system can do to it: `bootcmd`, cloud-boothooks, `runcmd`,
/// user-data scripts and `write_files` with `defer: true` are written under
/// /var/lib/flamingo/handoff/ with a POSIX shell runner, and `flamingo-handoff.service` is
/// enabled to run it after the network is online. No flamingo binary is needed in the booted
/// system. Frequencies are kept by the runner: bootcmd and boothooks every boot, runcmd and
/// deferred files once per instance, scripts as their MIME type says (per instance by default).
public enum Handoff: Module {
    public static let name = "handoff"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("runcmd", Settings.self) { s, r, n, p in s.runcmd = CloudConfigDecoder.decodeCommands(&r, n, p) },
        ConfigKey("bootcmd", Settings.self) { s, r, n, p in s.bootcmd = CloudConfigDecoder.decodeCommands(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var runcmd: [ShellCommand] = []
        public var bootcmd: [ShellCommand] = []

        public init() {}
    }

    public static let directory = "/var/lib/flamingo/handoff"
    public static let unitName = "flamingo-handoff.service"
    public static let unitPath = "/etc/systemd/system/\(unitName)"
    /// The link enabling it (`WantedBy=multi-user.target`), as `UnitInstaller` makes it.
    public static let wantsLink = "/etc/systemd/system/multi-user.target.wants/\(unitName)"

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        let deferred = config[WriteFiles.Settings.self].writeFiles.filter(\.deferred)
        let commands = context.handoffCommands
        guard !config[Settings.self].bootcmd.isEmpty || !config[Settings.self].runcmd.isEmpty || !context.scripts.isEmpty || !deferred.isEmpty || !commands.isEmpty else {
            plan.notes.append("nothing for the booted system to run")
            return plan
        }
        var items: [HandoffItem] = []
        func add(_ name: String, _ frequency: Frequency, _ body: [UInt8], mode: FileMode = FileMode(0o700)) {
            items.append(HandoffItem(name: name, frequency: frequency, file: "\(directory)/\(name)", body: body, mode: mode))
        }
        // cloud-init's order: boothooks and bootcmd early (init stage), then deferred files, runcmd
        // and user scripts in the final stage.
        var scripts: [HandoffItem] = []
        for (index, part) in context.scripts.enumerated() {
            let label = safeName(part.filename ?? "part-\(index + 1)")
            switch part.kind {
            case .boothook:
                // The first line (#cloud-boothook) is dropped; the rest runs with sh, as cloud-init does.
                let body = part.text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().joined()
                add("boothook-\(index + 1)-\(label)", .perBoot, Array(("#!/bin/sh\n" + body).utf8))
            case .script(let frequency):
                scripts.append(HandoffItem(name: "script-\(index + 1)-\(label)", frequency: frequency,
                                           file: "\(directory)/script-\(index + 1)-\(label)", body: part.bytes, mode: FileMode(0o700)))
            case .cloudConfig:
                break
            }
        }
        if !config[Settings.self].bootcmd.isEmpty { add("bootcmd", .perBoot, Array(commandScript(config[Settings.self].bootcmd).utf8)) }
        for (index, file) in deferred.enumerated() {
            add("deferred-file-\(index)", .perInstance, file.content, mode: FileMode(0o600))
        }
        // What earlier modules left to the booted system, in cloud-init's order around the user's commands.
        func addCommands(early: Bool) {
            for command in commands where command.early == early {
                add(safeName(command.name), .perInstance, Array(("#!/bin/sh\nset -e\n" + command.script).utf8))
            }
        }
        addCommands(early: true)
        if !config[Settings.self].runcmd.isEmpty { add("runcmd", .perInstance, Array(commandScript(config[Settings.self].runcmd).utf8)) }
        items += scripts
        addCommands(early: false)
        plan.actions.append(.makeDirectory(path: directory, mode: FileMode(0o700), owner: .root))
        // bootcmd written for cloud-init calls its cloud-init-per: the booted system has no
        // cloud-init, so the hand-off brings an equivalent, first on the commands' PATH.
        let needsPer = (config[Settings.self].bootcmd + config[Settings.self].runcmd).contains(where: Self.callsCloudInitPer)
        if needsPer {
            plan.actions.append(.writeFile(FileWrite(path: "\(directory)/bin/cloud-init-per", text: cloudInitPer, mode: FileMode(0o755), owner: .root)))
            plan.notes.append("cloud-init-per provided to bootcmd and runcmd (\(directory)/bin)")
        }
        for item in items {
            plan.actions.append(.writeFile(FileWrite(path: item.file, contents: item.body, mode: item.mode, owner: .root, isSecret: true)))
        }
        plan.actions.append(.writeFile(FileWrite(path: "\(directory)/run", text: runner(items, deferred, context.instance.instanceID, helpers: needsPer),
                                                 mode: FileMode(0o700), owner: .root)))
        plan.actions.append(.writeFile(FileWrite(path: unitPath, text: unit, mode: FileMode(0o644), owner: .root)))
        // Enabled as systemd.units enables a unit: the links its [Install] section asks for.
        let installer = UnitInstaller(read: { _ in nil }, list: { _ in [] }, planned: [unitPath: unit])
        for link in try installer.enableLinks(UnitName(unitName)!) {
            plan.actions.append(.symlink(path: link.path, target: link.target, owner: .root))
        }
        plan.notes.append("\(items.count) items handed to the booted system (\(unitName))")
        return plan
    }

    struct HandoffItem {
        var name: String, frequency: Frequency, file: String, body: [UInt8], mode: FileMode
    }

    /// runcmd/bootcmd as one sh script: strings as written, argument lists quoted (cloud-init's shellify).
    static func commandScript(_ commands: [ShellCommand]) -> String {
        var text = "#!/bin/sh\n"
        for command in commands {
            switch command {
            case .shell(let line): text += line + "\n"
            case .arguments(let arguments): text += arguments.map(shellQuote).joined(separator: " ") + "\n"
            }
        }
        return text
    }

    static func callsCloudInitPer(_ command: ShellCommand) -> Bool {
        switch command {
        case .shell(let line): return line.contains("cloud-init-per")
        case .arguments(let arguments): return arguments.first == "cloud-init-per" || arguments.contains { $0.contains("cloud-init-per ") }
        }
    }

    /// cloud-init's `cloud-init-per FREQUENCY NAME COMMAND…`: runs COMMAND unless NAME already ran
    /// at that frequency — `once` ever, `instance` for this instance id, `always` every time.
    static let cloudInitPer = """
    #!/bin/sh
    # Written by flamingo: cloud-init's cloud-init-per, for bootcmd and runcmd written for cloud-init.
    # cloud-init-per once|instance|always NAME COMMAND...
    [ $# -ge 3 ] || { echo "usage: cloud-init-per once|instance|always NAME COMMAND..." >&2; exit 1; }
    freq=$1 name=$2
    shift 2
    case $freq in once|instance|always) ;; *) echo "cloud-init-per: unknown frequency $freq" >&2; exit 1 ;; esac
    marks=/var/lib/flamingo/handoff/per
    mark=$marks/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_').$freq
    case $freq in
        once) [ -e "$mark" ] && exit 0 ;;
        instance) [ "$(cat "$mark" 2>/dev/null)" = "${INSTANCE_ID:-none}" ] && exit 0 ;;
    esac
    "$@" || exit $?
    [ "$freq" = always ] || { mkdir -p "$marks" && echo "${INSTANCE_ID:-none}" > "$mark"; }

    """

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" }.prefix(64))
    }

    /// The runner: POSIX sh, no flamingo needed. Each item's exit status goes to the journal and to
    /// `status`; a failing item does not stop the others.
    static func runner(_ items: [HandoffItem], _ deferred: [WriteFileSpec], _ instanceID: String?, helpers: Bool = false) -> String {
        var text = """
        #!/bin/sh
        # Written by flamingo: runs what cloud-config handed to the booted system (docs/cloud-config.md).
        dir=\(directory)
        instance=\(shellQuote(instanceID ?? "none"))
        export INSTANCE_ID="$instance"
        \(helpers ? "PATH=\"$dir/bin:$PATH\"; export PATH\n" : "")        failed=0
        mkdir -p "$dir/done"
        # due NAME FREQUENCY: whether NAME runs now (per-boot always; per-instance once per instance id; once once).
        due() {
            case $2 in
                per-boot) return 0 ;;
                once) [ ! -e "$dir/done/$1" ] ;;
                *) [ "$(cat "$dir/done/$1" 2>/dev/null)" != "$instance" ] ;;
            esac
        }
        # record NAME STATUS: mark done (per-instance, once) and log the exit status.
        record() {
            echo "flamingo-handoff: $1: exit status $2"
            echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $1 $2" >> "$dir/status"
            [ "$2" -eq 0 ] || failed=1
            echo "$instance" > "$dir/done/$1"
        }

        """
        if !deferred.isEmpty { text += putFunctions }
        var deferredIndex = 0
        for item in items {
            if item.name.hasPrefix("deferred-file-"), deferredIndex < deferred.count {
                let spec = deferred[deferredIndex]
                deferredIndex += 1
                let owner = spec.owner.split(separator: ":", maxSplits: 1).map(String.init)
                let ownerSpec = shellQuote((owner.first ?? "root") + ":" + (owner.count > 1 ? owner[1] : "root"))
                text += """
                if due \(item.name) \(item.frequency.rawValue); then
                    put \(item.name) \(shellQuote(spec.path)) \(spec.permissions) \(ownerSpec) \(spec.append ? "append" : "replace"); record \(item.name) $?
                fi

                """
            } else {
                text += """
                if due \(item.name) \(item.frequency.rawValue); then
                    "$dir/\(item.name)"; record \(item.name) $?
                fi

                """
            }
        }
        text += "exit $failed\n"
        return text
    }

    /// How the runner writes a deferred file. The booted system has users, and a user owns her
    /// home: a name there may be a link she planted. So the file is written under a fresh name
    /// (`mktemp`, created exclusively) beside the target and renamed over it, and below the first
    /// directory on the way that root does not own, every step runs as that directory's owner
    /// (`setpriv`): a link she planted leads only where she may write herself, and the file may
    /// only be given to her. Values arrive as arguments, never inside the script's text.
    static let putFunctions = """
    # writer_of DIR: who writes below DIR: 0:0 when root owns every existing directory on the way,
    # else uid:gid of the first one root does not own (a user's home).
    writer_of() {
        rest=${1#/}; p=
        while [ -n "$rest" ]; do
            c=${rest%%/*}
            case $rest in */*) rest=${rest#*/} ;; *) rest= ;; esac
            p=$p/$c
            [ -e "$p" ] || break
            o=$(stat -L -c %u:%g "$p") || return 1
            case $o in 0:*) ;; *) echo "$o"; return 0 ;; esac
        done
        echo 0:0
    }
    # put NAME TARGET MODE OWNER append|replace: a deferred write_files entry, filled under a
    # mktemp name beside TARGET, owned, then renamed over it; as the writer of TARGET's directory.
    put() {
        item_file=$dir/$1 target=$2 mode=$3 owner=$4 how=$5
        w=$(writer_of "${target%/*}") || return 1
        if [ "$w" = 0:0 ]; then
            as=
        else
            # util-linux's, by its path: busybox's sh would run its own applet, which cannot change uids.
            as=; for p in /usr/bin/setpriv /bin/setpriv; do [ -x "$p" ] && { as=$p; break; }; done
            [ -n "$as" ] || { echo "$2: util-linux setpriv is needed to write below ${w%:*}'s directory" >&2; return 1; }
            as="$as --reuid=${w%:*} --regid=${w#*:} --init-groups"
        fi
        cat "$item_file" | $as sh -c '
            set -e
            d=${1%/*}; d=${d:-/}
            mkdir -p "$d"
            t=$(mktemp "$d/.flamingo-XXXXXXXXXX")
            trap "rm -f \\"\\$t\\"" EXIT
            { if [ "$4" = append ]; then cat "$1" 2>/dev/null || :; fi; cat; } > "$t"
            chown "$3" "$t"
            chmod "$2" "$t"
            mv -f "$t" "$1"
            trap - EXIT' put "$target" "$mode" "$owner" "$how"
    }

    """

    static let unit = """
    # Written by flamingo: runs bootcmd, boothooks, runcmd, user-data scripts and deferred
    # write_files in the booted system (see /var/lib/flamingo/handoff/run).
    [Unit]
    Description=Flamingo hand-off: cloud-config commands and scripts
    # runcmd and scripts expect the network, as under cloud-init's final stage.
    Wants=network-online.target
    After=network-online.target
    # Every host key exists, as in cloud-init's final stage (phone_home and the console's key
    # fingerprints read them): the slow types are made after sshd, so the runner waits for them.
    After=flamingo-sshd-keygen.service flamingo-sshd-keygen-late.service sshd-keygen.target sshd-keygen@rsa.service sshd-keygen@dsa.service
    ConditionPathExists=\(directory)/run

    [Service]
    Type=oneshot
    RemainAfterExit=yes
    ExecStart=/bin/sh \(directory)/run
    StandardOutput=journal+console
    StandardError=journal+console
    SyslogIdentifier=flamingo-handoff
    TimeoutStartSec=0

    [Install]
    WantedBy=multi-user.target

    """
}
