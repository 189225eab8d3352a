import Testing
@testable import FlamingoCore

/// What a user migrating from cloud-init expects of keys its documented corpus uses (issue 15):
/// each as cloud-init 22.4 (or useradd, or the newest schema) does it.
@Suite struct CloudInitSemanticsTests {
    func decode(_ text: String) -> CloudConfigDecoder {
        CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(("#cloud-config\n" + text).utf8)), vendorData: nil))
    }

    func context(_ root: TemporaryDirectory, _ userData: String, keys: [String] = [], hostname: String? = nil) throws -> PlanContext {
        var instance = InstanceData(datasource: "NoCloud", source: "seed")
        instance.publicKeys = keys
        instance.localHostname = hostname
        return PlanContext(instance: instance, sysroot: try Sysroot(path: root.path), config: decode(userData).config)
    }

    @Test func aptSpellingsOfThePackageKeysAreHonoured() {
        let config = decode("package_update: false\napt_update: true\napt_upgrade: true\napt_reboot_if_required: true\n").config
        #expect(config[PackageUpdateUpgradeInstall.Settings.self].packageUpdate && config[PackageUpdateUpgradeInstall.Settings.self].packageUpgrade && config[PackageUpdateUpgradeInstall.Settings.self].packageRebootIfRequired)
        #expect(decode("apt_update: true\n").diagnostics.isEmpty)
    }

    @Test func keysOfTheCurrentSchemaAreRecognisedAndSuggestionsAreClose() {
        let messages = decode("ubuntu_pro: {token: x}\ndrivers: {nvidia: {license-accepted: true}}\nssh_quiet_keygen: true\nrpi: {}\npacakges: [htop]\n")
            .diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("ubuntu_pro: recognised cloud-init key, but flamingo does not support this cloud-init module") }, "\(messages)")
        #expect(messages.contains { $0.contains("drivers: recognised cloud-init key") })
        #expect(messages.contains { $0.contains("ssh_quiet_keygen: recognised cloud-init key") })
        #expect(messages.contains { $0.contains("rpi: unknown key") && !$0.contains("did you mean") }, "\(messages)")
        #expect(messages.contains { $0.contains("pacakges: unknown key") && $0.contains("did you mean \"packages\"") }, "\(messages)")
    }

    @Test func allowPublicSSHKeysFalseKeepsTheMetadataKeysOut() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        let metadataKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMetadataKey meta"
        let userKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIUserDataKey user"
        let plan = try SSH.plan(context(root, "allow_public_ssh_keys: false\nusers: []\nssh_authorized_keys: ['\(userKey)']\n", keys: [metadataKey]))
        let written = plan.actions.compactMap { action -> String? in
            if case .writeFile(let write) = action { return String(decoding: write.contents, as: UTF8.self) } else { return nil }
        }.joined()
        #expect(written.contains("UserDataKey") && !written.contains("MetadataKey"), "\(written)")
        #expect(decode("allow_public_ssh_keys: false\ncreate_hostname_file: false\n").diagnostics.isEmpty)
    }

    @Test func createHostnameFileFalseCreatesNone() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        let absent = try SetHostname.plan(context(root, "create_hostname_file: false\n", hostname: "node1"))
        #expect(absent.actions.isEmpty && absent.notes.contains { $0.contains("create_hostname_file: false") })
        root.write("etc/hostname", "old\n")
        let present = try SetHostname.plan(context(root, "create_hostname_file: false\n", hostname: "node1"))
        #expect(present.actions.count == 1)
    }

    @Test func resolvConfWritesSearchBeforeDomain() throws {
        let root = TemporaryDirectory()
        let plan = try ResolvConf.plan(context(root, "manage_resolv_conf: true\nresolv_conf: {nameservers: [192.0.2.1], searchdomains: [a.example], domain: b.example}\n"))
        guard case .writeFile(let write)? = plan.actions.first(where: { $0.path == "/etc/resolv.conf" }) else { Issue.record("no resolv.conf"); return }
        let lines = String(decoding: write.contents, as: UTF8.self).split(separator: "\n")
        let search = lines.firstIndex { $0.hasPrefix("search ") }, domain = lines.firstIndex { $0.hasPrefix("domain ") }
        #expect(search != nil && domain != nil && search! < domain!, "\(lines)")
    }

    /// As `useradd --root`: /bin/bash without /etc/default/useradd; a system user gets no
    /// inactivity period from it.
    @Test func useraddDefaultsForShellAndSystemUsers() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/shadow", "root:*:19700:0:99999:7:::\n")
        root.write("etc/group", "root:x:0:\n")
        let context = try context(root, "users: [{name: bob}, {name: svc, system: true}]\n")
        _ = try UsersGroups.plan(context)
        let accounts = try context.accounts()
        #expect(accounts.user("bob")?.shell == "/bin/bash")
        root.write("etc/default/useradd", "INACTIVE=30\n")
        let withDefaults = try self.context(root, "users: [{name: bob}, {name: svc, system: true}]\n")
        _ = try UsersGroups.plan(withDefaults)
        let shadow = try withDefaults.accounts().shadow
        #expect(shadow.fields("bob")?[6] == "30" && shadow.fields("svc")?[6] == "", "\(shadow.text)")
    }

    @Test func finalMessageVariablesInEitherCase() {
        let word = FinalStage.shellWord("v$version at $TIMESTAMP, up ${uptime}s $HOME", variables: ["UPTIME", "TIMESTAMP", "DATASOURCE", "VERSION"])
        #expect(word == "'v'\"$VERSION\"' at '\"$TIMESTAMP\"', up '\"$UPTIME\"'s $HOME'", "\(word)")
    }

    func debianLike() -> TemporaryDirectory {
        let root = TemporaryDirectory()
        root.write("etc/os-release", "ID=debian\n")
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/shadow", "root:*:19700:0:99999:7:::\n")
        root.write("etc/group", "root:x:0:\nadm:x:4:\nsudo:x:27:\n")
        return root
    }

    /// `user:` changes the distribution's default user key by key (the rest stays Debian's), and
    /// creates it even when `users` does not list `default` — as cloud-init merges and appends it.
    @Test func userOverridesTheDefaultUserKeyByKey() throws {
        let root = debianLike()
        let context = try context(root, "user: {name: admin, sudo: false, shell: /bin/sh}\nusers: [alice]\n")
        #expect(context.defaultUser?.name == "admin" && context.defaultUser?.sudo == nil && context.defaultUser?.shell == "/bin/sh")
        #expect(context.defaultUser?.groups.contains("adm") == true && context.defaultUser?.gecos == "Debian")
        _ = try UsersGroups.plan(context)
        let accounts = try context.accounts()
        #expect(accounts.user("alice") != nil && accounts.user("admin") != nil && accounts.user("debian") == nil)
        #expect(accounts.members("adm").contains("admin"))
        let named = try self.context(debianLike(), "user: ops\n")
        #expect(named.defaultUser?.name == "ops" && named.defaultUser?.sudo == ["ALL=(ALL) NOPASSWD:ALL"])
        #expect(decode("user: {name: admin, sudo: false}\n").diagnostics.isEmpty)
    }

    /// A group's member created by the same user-data is a member after the first run: the same
    /// files as after a second (cloud-init leaves her out the first time).
    @Test func groupMembersCreatedByTheSameUserDataAreAddedOnTheFirstRun() throws {
        let root = debianLike()
        let context = try context(root, "groups: [{dev: [alice, ghost]}]\nusers: [alice]\n")
        let plan = try UsersGroups.plan(context)
        let accounts = try context.accounts()
        #expect(accounts.members("dev") == ["alice"])
        #expect(plan.notes.contains("group dev: member ghost does not exist; not added"))
    }

    @Test func vendorDataPrefixIsSaidToBeUnsupported() {
        let messages = decode("vendor_data: {enabled: true, prefix: [/usr/bin/ltrace], extra: 1}\n").diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("vendor_data.prefix: not supported") }, "\(messages)")
        #expect(messages.contains { $0.contains("vendor_data.extra: unknown key") }, "\(messages)")
    }
}
