/// The modules in the order they run: each line's comment says why it is where it is.
public enum ModuleRegistry {
    public static let all: [any Module.Type] = [
        GrowPart.self,        // first: the root partition grows before anything is written into it
        ResizeRootfs.self,    // after growpart: the filesystem fills the partition's new size
        DiskSetup.self,       // before mounts: fstab names the filesystems it makes
        StorageDisks.self,    // Ignition's disks and filesystems: as disk_setup, before anything is written
        Mounts.self,          // after resize_rootfs: a swap file is allocated in the grown filesystem
        SetHostname.self,     // cheap, and nothing depends on it
        UpdateEtcHosts.self,  // after the host name it writes into /etc/hosts
        Network.self,         // before anything the booted system starts: its files must be in place
        ResolvConf.self,      // after network: with manage_resolv_conf, the cloud-config's resolv.conf wins
        Timezone.self,        // system settings: independent of each other and of users
        Locale.self,          // …
        Keyboard.self,        // …
        NTP.self,             // …
        YumAddRepo.self,      // …
        CACertificates.self,  // …
        Rsyslog.self,         // …
        RandomSeed.self,      // …
        UsersGroups.self,     // before anything that needs users: keys, passwords, file owners
        SSH.self,             // the default user's keys need users_groups to have created it
        SSHHostKeys.self,     // after users_groups: the ssh_keys group owns RHEL's private keys
        SetPasswords.self,    // chpasswd may name users users_groups created
        WriteFiles.self,      // owners may be users created above
        StorageFiles.self,    // Ignition's files, after its users (owners); before units it may write
        SystemdUnits.self,    // after write_files: a unit may be enabled that write_files wrote
        PackageUpdateUpgradeInstall.self,  // hand-offs before the user's commands, as in cloud-init
        FinalStage.self,      // hand-offs after the user's commands (keys, phone_home, power_state)
        Handoff.self,         // last: what only the booted system can run, deferred files included
    ]
}

extension ModuleRegistry {
    /// Every module's cloud-config keys, in module order.
    public static var configKeys: [ConfigKey] { all.flatMap { $0.configKeys } }
}

extension CloudConfigDecoder {
    /// Decodes with every registered module's keys.
    public init(_ bundle: UserDataBundle) {
        self.init(bundle, keys: ModuleRegistry.configKeys)
    }
}
