/// The typed model of `#cloud-config`: each module's `Settings` (declared in the module's file),
/// filled by `CloudConfigDecoder` from the keys the modules list, read by the modules
/// (`context.config[SetHostname.Settings.self].hostname`). A module whose keys are absent sees
/// its settings' defaults, which are cloud-init's.
public struct CloudConfig: Sendable {
    private var settings: [ObjectIdentifier: any ModuleSettings] = [:]

    public init() {}

    public subscript<S: ModuleSettings>(_ type: S.Type) -> S {
        get { settings[ObjectIdentifier(type)] as? S ?? S() }
        set { settings[ObjectIdentifier(type)] = newValue }
    }

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
