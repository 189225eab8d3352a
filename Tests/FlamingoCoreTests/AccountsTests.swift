import Foundation
import Testing
@testable import FlamingoCore

@Suite struct AccountsTests {
    @Test func accountFilesKeepEveryLineAndTheirLastLineEnd() {
        var file = AccountFile(path: "/etc/group", text: "# local groups\nroot:x:0:\n\nwheel:x:10:root")
        file.set("wheel", ["wheel", "x", "10", "root,alice"])
        #expect(file.text == "# local groups\nroot:x:0:\n\nwheel:x:10:root,alice")
        file.set("alice", ["alice", "x", "1000", ""])
        #expect(file.text == "# local groups\nroot:x:0:\n\nwheel:x:10:root,alice\nalice:x:1000:\n")
        var untouched = AccountFile(path: "/etc/passwd", text: "root:x:0:0::/root:/bin/sh\n")
        untouched.set("root", ["root", "x", "0", "0", "", "/root", "/bin/sh"])
        #expect(!untouched.changed)
    }

    @Test(arguments: [
        ([UInt32](), false, UInt32(1000)), ([1000, 1001, 1005], false, 1006), ([1000, 60000], false, 1001),
        ([], true, 999), ([998, 999, 500], true, 499), ([101], true, 999),
    ] as [([UInt32], Bool, UInt32)])
    func idsAreAllocatedAsShadowUtilsDoes(used: [UInt32], system: Bool, expected: UInt32) throws {
        let range: ClosedRange<UInt32> = system ? 101...999 : 1000...60000
        #expect(try IDAllocator.next(used: Set(used), system: system, range: range, what: "UID") == expected)
    }

    @Test func exhaustedRangesAreAnError() {
        #expect(throws: AccountError.self) { try IDAllocator.next(used: [1, 2, 3], system: false, range: 1...3, what: "UID") }
    }

    @Test func loginDefsAndUseraddDefaults() {
        let defs = LoginDefs(loginDefs: "UID_MIN 500\n# UID_MAX 1\nHOME_MODE\t0750\nUSERGROUPS_ENAB no\n",
                             useraddDefaults: "HOME=/var/home\nSHELL=\"/bin/zsh\"\nINACTIVE=-1\n")
        #expect(defs.uidMin == 500 && defs.uidMax == 60000)
        #expect(defs.newHomeMode == FileMode(0o750) && !defs.userGroups)
        #expect(defs.homeBase == "/var/home" && defs.shell == "/bin/zsh" && defs.inactive == "")
        #expect(LoginDefs(loginDefs: "UMASK 077\n", useraddDefaults: nil).newHomeMode == FileMode(0o700))
    }

    func sysroot(_ files: [String: String]) -> TemporaryDirectory { TemporaryDirectory(files) }

    func run(_ userData: String, in root: TemporaryDirectory) throws -> PlanContext {
        let bundle = UserDataBundle(userData: RawInput(file: "u", bytes: Array(("#cloud-config\n" + userData).utf8)), vendorData: nil)
        let context = PlanContext(instance: InstanceData(datasource: "NoCloud", source: "seed"), sysroot: try Sysroot(path: root.path),
                                  config: CloudConfigDecoder(bundle).config)
        let plan = try UsersGroups.plan(context)
        #expect(plan.diagnostics.filter { $0.severity == .error }.isEmpty, "\(plan.diagnostics)")
        return context
    }

    /// Atomic Host / Fedora CoreOS: wheel lives in /usr/lib/group (nss-altfiles); a new member
    /// copies its line into /etc/group first, as rpm-ostree does.
    @Test func altfilesGroupsAreCopiedIntoEtcBeforeAMemberJoins() throws {
        let root = sysroot(["etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "etc/group": "root:x:0:\n",
                            "usr/lib/group": "wheel:x:10:\nadm:x:4:\n", "usr/lib/passwd": "bin:x:1:1:bin:/bin:/sbin/nologin\n",
                            "etc/os-release": "ID=fedora\nVARIANT_ID=coreos\n", "etc/default/useradd": "HOME=/var/home\n"])
        let context = try run("users: [default]\n", in: root)
        let accounts = try context.accounts()
        #expect(accounts.group.fields("wheel") == ["wheel", "x", "10", "core"])
        #expect(accounts.group.fields("adm") == ["adm", "x", "4", "core"])
        #expect(accounts.user("core")?.home == "/var/home/core")
        #expect(accounts.groupID("systemd-journal") != nil)  // not in the image: created
    }

    @Test func sysusersDeclaredIDsAreUsed() throws {
        let root = sysroot(["etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "etc/group": "root:x:0:\n",
                            "usr/lib/sysusers.d/basic.conf": "g wheel 10 -\nu svc 321:321 \"Service\" /var/svc\n"])
        let context = try run("users:\n  - {name: alice, groups: [wheel]}\n  - {name: svc, system: true}\n", in: root)
        let accounts = try context.accounts()
        #expect(accounts.groupID("wheel") == 10)
        #expect(accounts.user("svc")?.uid == 321)
    }

    @Test func existingUsersGetOnlyWhatCloudInitAppliesToThem() throws {
        let root = sysroot(["etc/passwd": "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\n",
                            "etc/shadow": "root:*:1:0:99999:7:::\nbob:$6$old$hash:19000:0:99999:7:::\n", "etc/group": "root:x:0:\nbob:x:1000:\n"])
        let bundle = UserDataBundle(userData: RawInput(file: "u", bytes: Array("#cloud-config\nusers:\n  - {name: bob, shell: /bin/zsh, uid: 5, hashed_passwd: '$6$new$hash', lock_passwd: false}\n".utf8)), vendorData: nil)
        let context = PlanContext(instance: InstanceData(datasource: "x", source: "x"), sysroot: try Sysroot(path: root.path),
                                  config: CloudConfigDecoder(bundle).config)
        let plan = try UsersGroups.plan(context)
        let accounts = try context.accounts()
        #expect(accounts.user("bob")?.shell == "/bin/sh" && accounts.user("bob")?.uid == 1000)
        #expect(accounts.passwordField("bob") == "$6$new$hash")
        #expect(plan.notes.contains("user bob exists: shell, uid ignored (cloud-init applies them only when it creates a user)"))
    }

    @Test func defaultUsersPerDistributionAndTheOverride() throws {
        func name(_ osRelease: String, _ extra: [String: String] = [:]) throws -> String? {
            let root = sysroot(["etc/os-release": osRelease].merging(extra) { $1 })
            return DefaultUser.resolve(try Sysroot(path: root.path)).user?.name
        }
        #expect(try name("ID=debian\n") == "debian")
        #expect(try name("ID=\"centos\"\n") == "cloud-user")
        #expect(try name("ID=fedora\nVARIANT_ID=coreos\n") == "core")
        #expect(try name("ID=fedora\n") == "fedora")
        #expect(try name("ID=fedora\n", ["etc/flamingo/flamingo.yaml": "default_user:\n  name: admin\n  groups: [wheel]\n"]) == "admin")
        #expect(try name("ID=fedora\n", ["etc/flamingo/flamingo.yaml": "default_user: null\n"]) == nil)
    }

    @Test func passwordsAreHashedWithSHA512AndRecognised() throws {
        let hash = try PasswordHasher.sha512("correct horse")
        #expect(hash.hasPrefix("$6$") && CryptHash.isHash(hash))
        #expect(PasswordHasher.matches("correct horse", hash: hash) && !PasswordHasher.matches("wrong", hash: hash))
        #expect(try PasswordHasher.hash("correct horse", keeping: "!" + hash) == hash)
        for given in ["$1$a$b", "$5$a$b", "$y$j9T$a$b", "$gy$a$b", "$2b$10$abc", "abcdefghijklm"] { #expect(CryptHash.isHash(given), "\(given)") }
        for given in ["hunter2", "$6$a b", "$9$x"] { #expect(!CryptHash.isHash(given), "\(given)") }
    }
}

@Suite struct AccountLockTests {
    @Test func staleLocksAreRemovedAndNoLockIsLeftBehind() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/group", "root:x:0:\n")
        root.write("etc/passwd.lock", "999999\0")  // a crashed useradd from the image build
        let sysroot = try Sysroot(path: root.path)
        let write = FileWrite(path: "/etc/passwd", text: "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n",
                              mode: FileMode(0o644), owner: .root)
        let outcomes = Applier(sysroot: sysroot, log: Log { _ in }).apply([.accountFiles([write])], step: "test")
        #expect(outcomes == [.changed])
        #expect(root.read("etc/passwd")?.contains("alice:x:1000") == true)
        #expect(!root.exists("etc/passwd.lock"))
        #expect(root.tree().filter { $0.hasPrefix("etc/passwd.") }.isEmpty)
    }
}

@Suite struct RedirectAndDoasTests {
    @Test func sshRedirectUserGivesTheMetadataKeysAPointerToTheDefaultUser() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/group", "root:x:0:\n")
        root.write("etc/os-release", "ID=debian\n")
        var instance = InstanceData(datasource: "NoCloud", source: "seed")
        instance.publicKeys = ["ssh-ed25519 AAAAmeta m@d"]
        let bundle = UserDataBundle(userData: RawInput(file: "u", bytes: Array(
            "#cloud-config\nusers:\n  - default\n  - {name: guest, ssh_redirect_user: true}\n  - {name: ops, doas: ['permit nopass ops as root']}\n".utf8)), vendorData: nil)
        let context = PlanContext(instance: instance, sysroot: try Sysroot(path: root.path), config: CloudConfigDecoder(bundle).config)
        let plan = try UsersGroups.plan(context)
        let writes = Dictionary(uniqueKeysWithValues: plan.actions.compactMap { action -> (String, String)? in
            if case .writeFile(let write) = action { return (write.path, String(decoding: write.contents, as: UTF8.self)) }
            return nil
        })
        #expect(writes["/home/guest/.ssh/authorized_keys"]?.contains("Please login as the user \\\"debian\\\" rather than the user \\\"guest\\\".") == true)
        #expect(writes["/home/guest/.ssh/authorized_keys"]?.hasSuffix(" ssh-ed25519 AAAAmeta m@d\n") == true)
        #expect(writes["/etc/doas.conf"] == "# BEGIN flamingo: users[].doas\n# rules for ops\npermit nopass ops as root\n# END flamingo\n")
    }

    @Test func invalidDoasRulesAreErrors() {
        let decoder = CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "u", bytes: Array(
            "#cloud-config\nusers:\n  - {name: ops, doas: ['permit nopass someoneelse']}\n".utf8)), vendorData: nil))
        #expect(decoder.diagnostics.first?.message == "invalid doas rule \"permit nopass someoneelse\": expected \"permit|deny [options] ops …\" on one line; not written")
    }
}
