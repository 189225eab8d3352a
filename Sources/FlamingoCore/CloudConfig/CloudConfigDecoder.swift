/// Decodes merged cloud-config into `CloudConfig`, validating as it goes: every value of the
/// wrong type or out of range is an error with file, line:column and key path, and is skipped
/// (the rest still applies); an unknown key is a warning, with a suggestion when a known key is
/// close; a cloud-init key flamingo does not act on is a warning saying so.
public struct CloudConfigDecoder {
    public private(set) var config = CloudConfig()
    public private(set) var diagnostics: [Diagnostic] = []

    /// The keys the decoder was given (every module's: `ModuleRegistry.configKeys`), by name.
    let keys: [String: ConfigKey]

    /// Keys read by no module: `vendor_data` (whether vendor-data is used) is acted on by
    /// `UserDataBundle`, and checked here.
    static let bundleKeys = ["vendor_data"]

    /// Every key the decoder knows, sorted (for suggestions and docs).
    public var supportedKeys: [String] { (Array(keys.keys) + Self.bundleKeys).sorted() }

    /// Decodes `bundle` with `keys`; a key given twice in `keys` is a bug (the first wins).
    public init(_ bundle: UserDataBundle, keys: [ConfigKey]) {
        self.keys = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        diagnostics = bundle.diagnostics
        for entry in bundle.entries {
            var reader = DocumentReader(file: entry.file)
            reader.inflateBudget = bundle.budget
            let path = KeyPath([.key(entry.key)])
            if let key = self.keys[entry.key] {
                key.decode(&config, &reader, entry.value, path)
            } else if entry.key == "vendor_data" {
                Self.decodeVendorData(&reader, entry.value, path)
            } else if let reason = Self.notActedOn[entry.key] {
                reader.warning(entry.keyNode, path, "recognised cloud-init key, but flamingo \(reason); ignored")
            } else {
                var message = "unknown key; ignored"
                if let near = DocumentReader.closest(to: entry.key, in: supportedKeys + Array(Self.notActedOn.keys)) {
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
