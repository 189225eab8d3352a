/// Decodes merged cloud-config into `CloudConfig`, validating as it goes: every value of the
/// wrong type or out of range is an error with file, line:column and key path, and is skipped
/// (the rest still applies); an unknown key is a warning, with a suggestion when a known key is
/// close; a cloud-init key flamingo does not act on is a warning saying so.
public struct CloudConfigDecoder {
    public private(set) var config = CloudConfig()
    public private(set) var diagnostics: [Diagnostic] = []

    typealias KeyDecoder = @Sendable (inout CloudConfigDecoder, inout DocumentReader, Node, KeyPath) -> Void

    /// Every key flamingo acts on, with its decoder. docs/cloud-config.md documents each.
    static let supported: [String: KeyDecoder] = [
        "hostname": { d, r, n, p in d.config.hostname = r.string(n, at: p) },
        "fqdn": { d, r, n, p in d.config.fqdn = r.string(n, at: p) },
        "prefer_fqdn_over_hostname": { d, r, n, p in d.config.preferFQDNOverHostname = r.bool(n, at: p) ?? false },
        "preserve_hostname": { d, r, n, p in d.config.preserveHostname = r.bool(n, at: p) ?? false },
        "create_hostname_file": { d, r, n, p in d.config.createHostnameFile = r.bool(n, at: p) ?? true },
        "allow_public_ssh_keys": { d, r, n, p in d.config.allowPublicSSHKeys = r.bool(n, at: p) ?? true },
        "manage_etc_hosts": { d, r, n, p in d.config.manageEtcHosts = decodeEtcHosts(&r, n, p) },
        "users": { d, r, n, p in d.config.users = decodeUsers(&r, n, p) },
        "user": { d, r, n, p in d.config.defaultUserOverride = decodeDefaultUserOverride(&r, n, p) },
        "groups": { d, r, n, p in d.config.groups = decodeGroups(&r, n, p) },
        "ssh_authorized_keys": { d, r, n, p in d.config.sshAuthorizedKeys = decodeKeys(&r, n, p) },
        "disable_root": { d, r, n, p in d.config.disableRoot = r.bool(n, at: p) ?? true },
        "disable_root_opts": { d, r, n, p in d.config.disableRootOpts = r.string(n, at: p) ?? "" },
        "ssh_pwauth": { d, r, n, p in d.config.sshPasswordAuthentication = decodePasswordAuthentication(&r, n, p) },
        "password": { d, r, n, p in d.config.password = r.string(n, at: p) },
        "chpasswd": { d, r, n, p in d.config.chpasswd = decodeChpasswd(&r, n, p) },
        "growpart": { d, r, n, p in d.config.growpart = decodeGrowpart(&r, n, p) },
        "resize_rootfs": { d, r, n, p in d.config.resizeRootfs = decodeResizeRootfs(&r, n, p) },
        "timezone": { d, r, n, p in d.config.timezone = r.string(n, at: p) },
        "locale": { d, r, n, p in d.config.locale = decodeLocale(&r, n, p) },
        "locale_configfile": { d, r, n, p in d.config.localeConfigFile = decodeAbsolutePath(&r, n, p) },
        "keyboard": { d, r, n, p in d.config.keyboard = decodeKeyboard(&r, n, p) },
        "ntp": { d, r, n, p in d.config.ntp = decodeNTP(&r, n, p) },
        "yum_repos": { d, r, n, p in d.config.yumRepos = decodeYumRepos(&r, n, p) },
        "yum_repo_dir": { d, r, n, p in d.config.yumRepoDirectory = decodeAbsolutePath(&r, n, p) ?? "/etc/yum.repos.d" },
        "manage_resolv_conf": { d, r, n, p in d.config.manageResolvConf = r.bool(n, at: p) ?? false },
        "resolv_conf": { d, r, n, p in d.config.resolvConf = decodeResolvConf(&r, n, p) },
        "ca_certs": { d, r, n, p in decodeCACertificates(&d.config, &r, n, p) },
        "ca-certs": { d, r, n, p in decodeCACertificates(&d.config, &r, n, p) },
        "rsyslog": { d, r, n, p in d.config.rsyslog = decodeRsyslog(&r, n, p) },
        "random_seed": { d, r, n, p in d.config.randomSeed = decodeRandomSeed(&r, n, p) },
        "packages": { d, r, n, p in d.config.packages = decodePackages(&r, n, p) },
        // cloud-init still honours the apt_* spellings: either key set to true is true.
        "package_update": { d, r, n, p in d.config.packageUpdate = (r.bool(n, at: p) ?? false) || d.config.packageUpdate },
        "package_upgrade": { d, r, n, p in d.config.packageUpgrade = (r.bool(n, at: p) ?? false) || d.config.packageUpgrade },
        "package_reboot_if_required": { d, r, n, p in d.config.packageRebootIfRequired = (r.bool(n, at: p) ?? false) || d.config.packageRebootIfRequired },
        "apt_update": { d, r, n, p in d.config.packageUpdate = (r.bool(n, at: p) ?? false) || d.config.packageUpdate },
        "apt_upgrade": { d, r, n, p in d.config.packageUpgrade = (r.bool(n, at: p) ?? false) || d.config.packageUpgrade },
        "apt_reboot_if_required": { d, r, n, p in d.config.packageRebootIfRequired = (r.bool(n, at: p) ?? false) || d.config.packageRebootIfRequired },
        "power_state": { d, r, n, p in d.config.powerState = decodePowerState(&r, n, p) },
        "phone_home": { d, r, n, p in d.config.phoneHome = decodePhoneHome(&r, n, p) },
        "final_message": { d, r, n, p in d.config.finalMessage = r.string(n, at: p) },
        "no_ssh_fingerprints": { d, r, n, p in if r.bool(n, at: p) == true { d.config.keysToConsole = false } },
        "ssh": { d, r, n, p in decodeSSHSettings(&d.config, &r, n, p) },
        "ssh_key_console_blacklist": { d, r, n, p in d.config.consoleKeyTypesLeftOut = r.stringList(n, at: p) },
        "ssh_fp_console_blacklist": { d, r, n, p in d.config.consoleFingerprintTypesLeftOut = r.stringList(n, at: p) },
        "ssh_keys": { d, r, n, p in d.config.sshHostKeys = decodeHostKeys(&r, n, p) },
        "ssh_deletekeys": { d, r, n, p in d.config.sshDeleteKeys = r.bool(n, at: p) ?? true },
        "ssh_genkeytypes": { d, r, n, p in d.config.sshGenerateKeyTypes = decodeKeyTypes(&r, n, p) },
        "systemd": { d, r, n, p in d.config.systemdUnits = decodeSystemd(&r, n, p) },
        "disk_setup": { d, r, n, p in d.config.diskSetup = decodeDiskSetup(&r, n, p) },
        "fs_setup": { d, r, n, p in d.config.fsSetup = decodeFilesystemSetup(&r, n, p) },
        "mounts": { d, r, n, p in d.config.mounts = decodeMounts(&r, n, p) },
        "mount_default_fields": { d, r, n, p in d.config.mountDefaultFields = decodeMountDefaults(&r, n, p) },
        "swap": { d, r, n, p in d.config.swap = decodeSwap(&r, n, p) },
        "device_aliases": { d, r, n, p in d.config.deviceAliases = decodeAliases(&r, n, p) },
        "write_files": { d, r, n, p in d.config.writeFiles = decodeWriteFiles(&r, n, p) },
        "runcmd": { d, r, n, p in d.config.runcmd = decodeCommands(&r, n, p) },
        "bootcmd": { d, r, n, p in d.config.bootcmd = decodeCommands(&r, n, p) },
        "vendor_data": { _, r, n, p in decodeVendorData(&r, n, p) },  // acted on by UserDataBundle
    ]

    public static var supportedKeys: [String] { supported.keys.sorted() }

    public init(_ bundle: UserDataBundle) {
        diagnostics = bundle.diagnostics
        for entry in bundle.entries {
            var reader = DocumentReader(file: entry.file)
            reader.inflateBudget = bundle.budget
            let path = KeyPath([.key(entry.key)])
            if let decode = Self.supported[entry.key] {
                decode(&self, &reader, entry.value, path)
            } else if let reason = Self.notActedOn[entry.key] {
                reader.warning(entry.keyNode, path, "recognised cloud-init key, but flamingo \(reason); ignored")
            } else {
                var message = "unknown key; ignored"
                if let near = DocumentReader.closest(to: entry.key, in: Self.supportedKeys + Array(Self.notActedOn.keys)) {
                    message += " (did you mean \"\(near)\"?)"
                }
                reader.warning(entry.keyNode, path, message)
            }
            diagnostics += reader.diagnostics
        }
    }

    /// cloud-init keys flamingo knows and does not act on (yet), with the reason shown by `validate`.
    static let notActedOn: [String: String] = {
        var table: [String: String] = [:]
        table["apt"] = "does not configure apt (sources, proxies, keys): write its files with write_files"
        table["snap"] = "does not support snaps"
        table["ssh_publish_hostkeys"] = "cannot publish host keys: a config drive is read-only"
        table["apt_pipelining"] = "does not configure apt: write /etc/apt/apt.conf.d files with write_files"
        table["grub_dpkg"] = "does not configure Debian's grub-pc debconf (an image build concern)"
        table["grub-dpkg"] = table["grub_dpkg"]
        table["updates"] = "does not install hotplug network handling (the booted system's NetworkManager or networkd handle new NICs)"
        table["migrate"] = "has no earlier cloud-init state to migrate"
        table["autoinstall"] = "is not Ubuntu's installer"
        table["authkey_hash"] = "does not print authorized keys' fingerprints to the console"
        table["ssh_quiet_keygen"] = "prints no ssh-keygen output anyway"
        for key in ["chef", "puppet", "salt_minion", "ansible", "landscape", "mcollective", "lxd", "fan", "byobu_by_default",
                    "ubuntu_advantage", "ubuntu_drivers", "rh_subscription", "spacewalk", "zypper", "apk_repos",
                    "ssh_import_id", "wireguard", "disable_ec2_metadata", "seed_random", "ubuntu_pro", "drivers"] {
            table[key] = "does not support this cloud-init module"
        }
        for key in ["datasource", "datasource_list", "system_info", "cloud_init_modules", "cloud_config_modules",
                    "cloud_final_modules", "output", "log_cfgs", "reporting", "network",
                    "ssh_redirect_user"] { table[key] = "reads it from no user-data" }
        return table
    }()
}
