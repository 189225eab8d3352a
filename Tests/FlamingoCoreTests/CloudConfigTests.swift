import Testing
@testable import FlamingoCore

/// The decoder behind `flamingo validate` and `run`: exact messages, cloud-init's defaults.
@Suite struct CloudConfigTests {
    func decode(_ text: String) -> CloudConfigDecoder {
        CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(("#cloud-config\n" + text).utf8)), vendorData: nil))
    }

    func messages(_ text: String) -> [String] { decode(text).diagnostics.map(\.description) }

    @Test func defaultsAreCloudInits() {
        let config = decode("{}").config
        #expect(config[UsersGroups.Settings.self].users == nil && config[SSH.Settings.self].disableRoot && config[SetPasswords.Settings.self].sshPasswordAuthentication == nil)
        #expect(config[SetPasswords.Settings.self].chpasswd.expire && config[UpdateEtcHosts.Settings.self].manageEtcHosts == .unmanaged && !config[SetHostname.Settings.self].preserveHostname)
    }

    @Test func unknownKeysAreWarningsWithSuggestions() {
        #expect(messages("hostnme: x\nusers:\n  - name: a\n    lock_pasword: true\n") == [
            "user-data:2:1: warning: hostnme: unknown key; ignored (did you mean \"hostname\"?)",
            "user-data:5:5: warning: users[0].lock_pasword: unknown key \"lock_pasword\"; did you mean \"lock_passwd\"?",
        ])
        #expect(messages("apt: {preserve_sources_list: true}\n") == [
            "user-data:2:1: warning: apt: recognised cloud-init key, but flamingo does not configure apt (sources, proxies, keys): write its files with write_files; ignored",
        ])
    }

    @Test func wrongTypesAreErrorsWithWhatWasExpectedAndFound() {
        #expect(messages("users:\n  - name: a\n    lock_passwd: maybe\n    uid: -3\n") == [
            "user-data:4:18: error: users[0].lock_passwd: expected a boolean (true or false), found a string \"maybe\"",
            "user-data:5:10: error: users[0].uid: -3 is out of range (0…4294967294)",
        ])
        #expect(messages("users:\n  - name: 9lives\n") == [
            "user-data:3:11: error: users[0].name: \"9lives\" is not a valid user name (\(UserName.rule))",
        ])
        #expect(messages("write_files: {path: /x}\n") == ["user-data:2:14: error: write_files: expected a list of files, found a mapping"])
    }

    @Test(arguments: [
        ("ALL=(ALL) NOPASSWD:ALL", nil),
        ("ALL=(ALL:ALL) ALL", nil),
        ("ALL=(root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/journalctl", nil),
        ("ALL = (ALL) SETENV: NOPASSWD: ALL", nil),
        ("ALL=(ALL) NOPASSWD ALL", "the tag NOPASSWD needs a ':' after it (NOPASSWD:)"),
        ("ALL", "expected HOSTS=COMMANDS, e.g. ALL=(ALL) NOPASSWD:ALL"),
        ("ALL=(ALL NOPASSWD:ALL", "an unclosed '(' in the run-as list"),
        ("ALL=(ALL) rm -rf /", "\"rm -rf /\" is not ALL, an alias, sudoedit or an absolute command path"),
        ("ALL=(ALL) ALL\nroot ALL=(ALL) ALL", "it spans more than one line"),
        ("ALL=(ALL) ALL\r\nroot ALL=(ALL) ALL", "it spans more than one line"),
        ("ALL=(ALL) /bin/true : garbage", "':' in \"/bin/true : garbage\" must be escaped (\\:): sudoers reads it as the start of another rule and then refuses the whole file"),
    ] as [(String, String?)])
    func sudoRulesAreCheckedBeforeTheyAreWritten(rule: String, problem: String?) {
        #expect(SudoRule.problem(rule) == problem)
    }

    @Test func usersInEveryShape() {
        let fromString = decode("users: default, alice, bob\n").config[UsersGroups.Settings.self].users ?? []
        #expect(fromString.count == 3)
        guard case .defaultUser = fromString[0], case .user(let alice) = fromString[1] else { Issue.record("shape"); return }
        #expect(alice.name == "alice" && alice.lockPassword)
        let fromMapping = decode("users:\n  carol: {gecos: Carol, groups: 'wheel, adm', sudo: false}\n").config[UsersGroups.Settings.self].users ?? []
        guard case .user(let carol)? = fromMapping.first else { Issue.record("mapping"); return }
        #expect(carol.groups == ["wheel", "adm"] && carol.sudo == nil && carol.gecos == "Carol")
    }

    @Test func groupsInEveryShape() {
        let groups = decode("groups:\n  - admingroup: [root, sys]\n  - cloud-users\n").config[UsersGroups.Settings.self].groups
        #expect(groups.map(\.name) == ["admingroup", "cloud-users"])
        #expect(groups[0].members == ["root", "sys"])
        #expect(decode("groups: a, b\n").config[UsersGroups.Settings.self].groups.map(\.name) == ["a", "b"])
    }

    @Test func writeFilesEncodingsAndModes() {
        let config = decode("""
            write_files:
              - {path: /a, content: aGVsbG8=, encoding: b64}
              - {path: /b, content: "H4sIAAAAAAACA8tIzcnJBwCGphA2BQAAAA==", encoding: gz+b64, permissions: '0600'}
              - {path: /c, content: plain, permissions: 0755, owner: 'alice:staff', append: true}
              - {path: /d, content: x, permissions: 644, defer: yes}
            """).config
        #expect(config[WriteFiles.Settings.self].writeFiles.map { String(decoding: $0.content, as: UTF8.self) } == ["hello", "hello", "plain", "x"])
        #expect(config[WriteFiles.Settings.self].writeFiles.map(\.permissions.bits) == [0o644, 0o600, 0o755, 0o644])
        #expect(config[WriteFiles.Settings.self].writeFiles[2].owner == "alice:staff" && config[WriteFiles.Settings.self].writeFiles[2].append)
        #expect(config[WriteFiles.Settings.self].writeFiles[3].deferred)
        #expect(messages("write_files:\n  - {path: /x, permissions: '0999'}\n  - {path: /y, source: {uri: 'http://x'}}\n  - {path: /z, encoding: rot13}\n") == [
            "user-data:3:29: error: write_files[0].permissions: \"0999\" is not a file mode (expected octal digits up to 07777, such as 0644)",
            "user-data:4:24: error: write_files[1].source: source (a URL to fetch) is not supported: cloud-config URLs are not fetched (no TLS, no name resolution in the initramfs); give content instead",
            "user-data:5:26: error: write_files[2].encoding: unknown encoding \"rot13\" (expected text/plain, b64, gz, gz+b64 or their spellings)",
        ])
    }

    @Test func chpasswdForms() {
        let config = decode("chpasswd:\n  expire: false\n  users:\n    - {name: a, password: secret, type: text}\n    - {name: b, password: '$6$x$y'}\n").config
        #expect(!config[SetPasswords.Settings.self].chpasswd.expire)
        #expect(config[SetPasswords.Settings.self].chpasswd.users.map(\.name) == ["a", "b"])
        #expect(config[SetPasswords.Settings.self].chpasswd.users.map(\.password) == [.text("secret"), .hash("$6$x$y")])
        let old = decode("chpasswd:\n  list: |\n    a:secret\n    b:$6$x$y\n").config
        #expect(old[SetPasswords.Settings.self].chpasswd.users.map(\.password) == [.text("secret"), .hash("$6$x$y")])
        // RANDOM: never a known password, and no secret printed: locked, with a warning.
        let random = decode("chpasswd:\n  users:\n    - {name: a, type: RANDOM}\n  list: |\n    b:R\n")
        #expect(random.config[SetPasswords.Settings.self].chpasswd.users.map(\.password) == [.hash("!"), .hash("!")])
        #expect(random.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(random.diagnostics.filter { $0.description.contains("password is locked instead") }.count == 2)
    }

    /// cloud-init's documented examples that were refused: each now means what cloud-init means,
    /// or is left alone with a warning that says so.
    @Test func documentedExamplesThatWereRefused() {
        let packages = decode("packages:\n  - pwgen\n  - [libpython3.8, 3.8.10]\n  - snap: [certbot]\n  - apt: [mg]\n")
        #expect(packages.config[PackageUpdateUpgradeInstall.Settings.self].packages == ["pwgen", "libpython3.8=3.8.10"])
        #expect(packages.diagnostics.map(\.description) == [
            "user-data:5:5: warning: packages[2]: snap packages are not installed: flamingo hands packages to the image's own package manager only; skipped",
            "user-data:6:5: warning: packages[3]: apt packages are not installed: flamingo hands packages to the image's own package manager only; skipped",
        ])
        let ntp = decode("ntp:\n  ntp_client: myntpclient\n  servers: [a.example]\n")
        #expect(ntp.config[NTP.Settings.self].ntp?.enabled == false && ntp.diagnostics.allSatisfy { $0.severity == .warning })
        #expect(ntp.diagnostics.first?.description.contains("\"myntpclient\" is not a client flamingo configures") == true)
        let repos = decode("yum_repos:\n  my package stream:\n    baseurl: http://repo.example/x\n").config[YumAddRepo.Settings.self].yumRepos
        #expect(repos.map(\.id) == ["my-package-stream"])
        let home = decode("phone_home:\n  url: http://my.example.com/{{ v1.instance_id }}/$INSTANCE_ID/`id`/$(id)/\"\n")
        #expect(home.diagnostics.isEmpty)
        #expect(home.config[FinalStage.Settings.self].phoneHome?.url == "http://my.example.com/%7B%7B%20v1.instance_id%20%7D%7D/%24INSTANCE_ID/%60id%60/%24(id)/%22")
    }

    @Test func commandsAndHostsAndPasswordAuthentication() {
        let config = decode("runcmd:\n  - echo hi\n  - [ls, -l, /]\nmanage_etc_hosts: localhost\nssh_pwauth: unchanged\n").config
        #expect(config[Handoff.Settings.self].runcmd == [.shell("echo hi"), .arguments(["ls", "-l", "/"])])
        #expect(config[UpdateEtcHosts.Settings.self].manageEtcHosts == .localhost && config[SetPasswords.Settings.self].sshPasswordAuthentication == nil)
        #expect(decode("ssh_pwauth: yes\nmanage_etc_hosts: true\n").config[SetPasswords.Settings.self].sshPasswordAuthentication == true)
    }

    @Test func aLockedPasswordEarnsAWarningNamingTheUser() {
        #expect(messages("users:\n  - name: dave\n    plain_text_passwd: x\n").first
                == "user-data:4:24: warning: users[0]: user dave has a password but lock_passwd is left at its default (true): the password is locked and cannot be used to log in; set lock_passwd: false to use it")
    }

    @Test func validationReportsAsJSON() throws {
        let diagnostics = Validation.validate(RawInput(file: "u", bytes: Array("#cloud-config\nusers: 5\n".utf8)), as: .userData)
        let json = try parseJSON(Validation.json(diagnostics).text())
        #expect(json.sequence?.first?["path"]?.scalar?.text == "users")
        #expect(json.sequence?.first?["line"]?.scalar?.text == "2")
        #expect(json.sequence?.first?["severity"]?.scalar?.text == "error")
    }
}
