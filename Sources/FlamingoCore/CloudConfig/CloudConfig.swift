/// The typed model of `#cloud-config`: every key flamingo acts on, with cloud-init's defaults.
/// Filled by `CloudConfigDecoder`; read by the modules.
public struct CloudConfig: Sendable {
    // Host name (set_hostname, update_etc_hosts)
    public var hostname: String?
    public var fqdn: String?
    public var preferFQDNOverHostname = false
    public var preserveHostname = false
    public var manageEtcHosts = EtcHostsMode.unmanaged

    // Users and groups
    /// nil when the key is absent, which means `[default]`.
    public var users: [UserEntry]?
    /// `user:`: the distribution's default user with these keys changed (always created).
    public var defaultUserOverride: DefaultUserOverride?
    public var groups: [GroupSpec] = []

    // SSH
    public var sshAuthorizedKeys: [String] = []
    public var disableRoot = true
    /// `allow_public_ssh_keys: false`: the metadata's public keys are not installed (cloud-config's are).
    public var allowPublicSSHKeys = true
    /// `create_hostname_file: false`: /etc/hostname is changed when it exists, never created.
    public var createHostnameFile = true
    public var disableRootOpts = CloudConfig.defaultDisableRootOpts
    /// nil: leave sshd's setting alone (`unchanged`, or the key absent).
    public var sshPasswordAuthentication: Bool?

    // Passwords
    public var password: String?
    public var chpasswd = Chpasswd()

    // Disks
    public var growpart = GrowpartConfig()
    public var resizeRootfs = ResizeRootfsSetting.on
    /// `mounts`: fstab entries, each 1–6 fields (nil: take `mount_default_fields`' value).
    public var mounts: [MountEntry] = []
    public var mountDefaultFields: [String?] = CloudConfig.defaultMountFields
    public var swap: SwapConfig?
    /// `disk_setup`, in the order written.
    public var diskSetup: [DiskSetupEntry] = []
    public var fsSetup: [FilesystemSetupEntry] = []
    /// `device_aliases`: names for disks, used by disk_setup, fs_setup and mounts.
    public var deviceAliases: [String: String] = [:]

    // System settings
    public var timezone: String?
    public var locale: String?
    public var localeConfigFile: String?
    public var keyboard: KeyboardConfig?
    public var ntp: NTPConfig?
    /// `yum_repos`: repository id → its settings, in the order written.
    public var yumRepos: [(id: String, settings: [(key: String, value: String)])] = []
    public var yumRepoDirectory = "/etc/yum.repos.d"
    public var manageResolvConf = false
    public var resolvConf: ResolvConfConfig?

    /// `ca_certs` (or `ca-certs`).
    public var caCertificates: [String] = []
    public var removeDefaultCertificates = false
    /// `rsyslog`: files (relative names under `config_dir`) and their lines, in order.
    public var rsyslog: RsyslogConfig?
    public var randomSeed: RandomSeedConfig?
    /// `packages`: names, or name=version.
    public var packages: [String] = []
    public var packageUpdate = false
    public var packageUpgrade = false
    public var packageRebootIfRequired = false
    public var powerState: PowerStateConfig?
    public var phoneHome: PhoneHomeConfig?
    public var finalMessage: String?
    /// Host key fingerprints and keys printed to the console by the booted system (`no_ssh_fingerprints`,
    /// `ssh.emit_keys_to_console`, the two blacklists).
    public var keysToConsole = true
    public var consoleKeyTypesLeftOut: [String] = []
    public var consoleFingerprintTypesLeftOut: [String] = []

    /// `ssh_keys`: host keys by type (`rsa`, `ecdsa`, `ed25519`).
    public var sshHostKeys: [SSHHostKey] = []
    public var sshDeleteKeys = true
    public var sshGenerateKeyTypes = ["rsa", "ecdsa", "ed25519"]

    /// `systemd.units` (a flamingo extension in Ignition's vocabulary).
    public var systemdUnits: [UnitSpec] = []

    public var writeFiles: [WriteFileSpec] = []
    public var runcmd: [ShellCommand] = []
    public var bootcmd: [ShellCommand] = []

    public init() {}

    /// cloud-init's defaults under systemd are `defaults,nofail,x-systemd.requires=cloud-init.service,_netdev`:
    /// flamingo's work is done before the booted system starts, so there is nothing to require.
    public static let defaultMountFields: [String?] = [nil, nil, "auto", "defaults,nofail", "0", "2"]

    /// cloud-init's default: root's keys only print a pointer to the default user.
    public static let defaultDisableRootOpts =
        "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command=\"echo 'Please login as the user \\\"$USER\\\" rather than the user \\\"$DISABLE_USER\\\".';echo;sleep 10;exit 142\""
}

public struct RsyslogConfig: Sendable, Equatable {
    public var directory = "/etc/rsyslog.d"
    public var defaultFile = "20-cloud-config.conf"
    /// (file name, content) in order; the same file may appear more than once (appended).
    public var configs: [RsyslogFile] = []
    public init() {}
}

public struct RsyslogFile: Sendable, Equatable {
    public var filename: String
    public var content: String
    public init(filename: String, content: String) { self.filename = filename; self.content = content }
}

public struct RandomSeedConfig: Sendable, Equatable {
    public var file = "/dev/urandom"
    public var data: [UInt8] = []
    public var command: [String]?
    public var commandRequired = false
    public init() {}
}

public struct PowerStateConfig: Sendable, Equatable {
    /// poweroff, reboot, halt.
    public var mode: String
    /// `now` or minutes (`+5`).
    public var delay = "now"
    public var message: String?
    public var timeout = 30
    /// nil: always; otherwise a shell command whose success allows it.
    public var condition: String?
    public var conditionFalse = false
    public init(mode: String) { self.mode = mode }
}

public struct PhoneHomeConfig: Sendable, Equatable {
    public var url: String
    public var post: [String] = PhoneHomeConfig.allFields
    public var tries = 10
    public static let allFields = ["pub_key_rsa", "pub_key_ecdsa", "pub_key_ed25519", "instance_id", "hostname", "fqdn"]
    public init(url: String) { self.url = url }
}

/// One host key type's material from `ssh_keys`.
public struct SSHHostKey: Sendable, Equatable {
    public var type: String
    public var privateKey: String?
    public var publicKey: String?
    public var certificate: String?
    public init(type: String) { self.type = type }
}

/// `keyboard`: the X11 layout (and the console keymap derived from it).
public struct KeyboardConfig: Sendable, Equatable {
    public var layout: String
    public var model = "pc105"
    public var variant = ""
    public var options = ""
    public init(layout: String) { self.layout = layout }
}

/// `ntp`: servers, pools, peers and allowed clients for the chosen client.
public struct NTPConfig: Sendable, Equatable {
    public var enabled = true
    /// auto, chrony, systemd-timesyncd, ntp.
    public var client = "auto"
    public var servers: [String] = []
    public var pools: [String] = []
    public var peers: [String] = []
    public var allow: [String] = []
    public var configPath: String?
    public init() {}
}

/// `resolv_conf` (applied with `manage_resolv_conf: true`).
public struct ResolvConfConfig: Sendable, Equatable {
    public var nameservers: [String] = []
    public var searchDomains: [String] = []
    public var domain: String?
    public var sortlist: [String] = []
    public var options: [(key: String, value: String?)] = []
    public init() {}
    public static func == (a: ResolvConfConfig, b: ResolvConfConfig) -> Bool {
        a.nameservers == b.nameservers && a.searchDomains == b.searchDomains && a.domain == b.domain && a.sortlist == b.sortlist
            && a.options.elementsEqual(b.options) { $0.key == $1.key && $0.value == $1.value }
    }
}

/// One `systemd.units` entry.
public struct UnitSpec: Sendable, Equatable {
    public var name: UnitName
    public var contents: String?
    /// true: enable, false: disable, nil: leave as is.
    public var enabled: Bool?
    /// true: mask, false: unmask, nil: leave as is.
    public var mask: Bool?
    public var dropins: [(name: String, contents: String)] = []
    public var index: Int
    public init(name: UnitName, index: Int) { self.name = name; self.index = index }

    public static func == (a: UnitSpec, b: UnitSpec) -> Bool {
        a.name == b.name && a.contents == b.contents && a.enabled == b.enabled && a.mask == b.mask && a.index == b.index
            && a.dropins.elementsEqual(b.dropins) { $0.name == $1.name && $0.contents == $1.contents }
    }
}

public enum EtcHostsMode: String, Sendable {
    /// `false` (the default): /etc/hosts is not touched.
    case unmanaged
    /// `true` or `template`: /etc/hosts is written whole.
    case template
    /// `localhost`: only the line for this host is added or updated.
    case localhost
}

public struct WriteFileSpec: Sendable {
    public var path: String
    public var content: [UInt8]
    public var owner = "root:root"
    public var permissions = FileMode(0o644)
    public var append = false
    public var deferred = false
    public var file: String
    public var mark: Mark?
    public var keyPath: KeyPath
}

/// A `runcmd`/`bootcmd` entry: a string runs through `sh -c`, a list is an argument vector.
public enum ShellCommand: Sendable, Equatable {
    case shell(String)
    case arguments([String])
}
