import Foundation
import Testing
@testable import FlamingoCore

@Suite struct ModuleTests {
    func context(_ root: TemporaryDirectory, hostname: String? = nil, keys: [String] = [],
                 config: CloudConfig = CloudConfig()) throws -> PlanContext {
        var instance = InstanceData(datasource: "NoCloud", source: "seed")
        instance.localHostname = hostname
        instance.publicKeys = keys
        return PlanContext(instance: instance, sysroot: try Sysroot(path: root.path), config: config)
    }

    func writes(_ plan: ModulePlan) -> [String: String] {
        var result: [String: String] = [:]
        for case .writeFile(let write) in plan.actions {
            result[write.path] = String(decoding: write.contents, as: UTF8.self)
        }
        return result
    }

    @Test(arguments: [
        ("web1.example.com", "web1"), ("web1", "web1"), ("db_2.internal.", "db_2"), ("10.0.0.5", "ip-10-0-0-5"),
    ])
    func hostnameWritesTheShortName(given: String, expected: String) throws {
        let plan = try SetHostname.plan(context(TemporaryDirectory(), hostname: given))
        #expect(writes(plan) == ["/etc/hostname": expected + "\n"])
    }

    @Test(arguments: ["bad host", "a..b", "-dash", "x/../../etc", String(repeating: "a", count: 64)])
    func invalidHostnamesAreErrorsAndWriteNothing(given: String) throws {
        let plan = try SetHostname.plan(context(TemporaryDirectory(), hostname: given))
        #expect(plan.actions.isEmpty)
        #expect(plan.diagnostics.first?.severity == .error)
        #expect(plan.diagnostics.first?.keyPath.description == "hostname")
    }

    @Test func noHostnameIsNothingToDo() throws {
        let plan = try SetHostname.plan(context(TemporaryDirectory()))
        #expect(plan.actions.isEmpty && plan.diagnostics.isEmpty)
    }

    @Test func rootsKeysUseItsEntryFromTheSysrootsPasswdAndPointAtTheDefaultUser() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "# comment\nroot:x:0:10:root:/var/roothome:/bin/bash\nbin:x:1:1::/:/sbin/nologin\n")
        root.write("etc/os-release", "ID=fedora\n")
        let plan = try SSH.plan(context(root, keys: ["ssh-ed25519 AAAA a"]))
        let directories = plan.actions.compactMap { action -> String? in
            if case .makeDirectory(let path, let mode, let owner) = action { return "\(path) \(mode) \(owner)" }
            return nil
        }
        #expect(directories == ["/var/roothome 0700 0:10", "/var/roothome/.ssh 0700 0:10"])
        let expected = SSH.substitute(CloudConfig.defaultDisableRootOpts, user: "fedora", disabled: "root") + " ssh-ed25519 AAAA a\n"
        #expect(writes(plan) == ["/var/roothome/.ssh/authorized_keys": expected])
        #expect(expected.hasPrefix("no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command=\"echo 'Please login as the user \\\"fedora\\\" rather than the user \\\"root\\\".';"))
        #expect(plan.notes.contains("the default user fedora does not exist: its keys are not written"))
    }

    @Test func withDisableRootFalseKeysAreMergedIntoRootsFile() throws {
        let root = TemporaryDirectory()
        root.write("root/.ssh/authorized_keys", "# admin's own\nssh-ed25519 AAAA same-key\nssh-ed25519 CCCC other")
        var config = CloudConfig()
        config[SSH.Settings.self].disableRoot = false
        config[UsersGroups.Settings.self].users = []
        let plan = try SSH.plan(context(root, keys: ["ssh-ed25519 AAAA same-key", "ssh-rsa BBBB b"], config: config))
        #expect(writes(plan)["/root/.ssh/authorized_keys"] ==
                "# admin's own\nssh-ed25519 AAAA same-key\nssh-ed25519 CCCC other\nssh-rsa BBBB b\n")
    }

    /// Adding a module is one file plus one line in the registry: this notices a missing line.
    /// docs/boot.md lists every module, in the order they run, with its frequency.
    @Test func theFrequencyTableInTheDocsIsTheRegistry() throws {
        let document = try String(contentsOfFile: Fixtures.sources + "/../../docs/boot.md", encoding: .utf8)
        let section = try #require(document.components(separatedBy: "## Frequencies").dropFirst().first?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }.filter { $0.count >= 2 }
        let documented = rows.map { (String($0[0].dropFirst().dropLast()), String($0[1].prefix { $0 != " " })) }
        let registered = ModuleRegistry.all.map { ($0.name, $0.frequency.rawValue) }
        #expect(documented.map(\.0) == registered.map(\.0))
        #expect(documented.map(\.1) == registered.map(\.1))
    }

    @Test func everyModuleFileIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.sources + "/Modules")
        let expected = Set(files.filter { $0.hasSuffix(".swift") && !["ModuleRegistry.swift", "Module.swift"].contains($0) }.map { String($0.dropLast(6)) })
        #expect(Set(ModuleRegistry.all.map { String(describing: $0) }) == expected)
    }

    /// A module's keys come with it: each key is owned by one module, and the decoder knows
    /// exactly the registered modules' keys (and the bundle's `vendor_data`).
    @Test func everyKeyHasOneModuleAndTheDecoderKnowsThemAll() {
        var owners: [String: [String]] = [:]
        for module in ModuleRegistry.all { for key in module.configKeys { owners[key.name, default: []].append(module.name) } }
        for (key, modules) in owners where modules.count > 1 { Issue.record("\(key) is read by \(modules): one module owns a key") }
        let decoder = CloudConfigDecoder(UserDataBundle(userData: nil, vendorData: nil))
        #expect(Set(decoder.supportedKeys) == Set(owners.keys).union(CloudConfigDecoder.bundleKeys))
        #expect(owners.count == 58)  // as many as before the keys moved into the modules (issue 17)
    }

    /// A module that reads none of its keys from a document gets cloud-init's defaults.
    @Test func absentKeysGiveTheSettingsDefaults() {
        let config = CloudConfig()
        #expect(config[SSH.Settings.self].disableRoot && config[SSHHostKeys.Settings.self].sshGenerateKeyTypes == ["rsa", "ecdsa", "ed25519"])
        #expect(config[Mounts.Settings.self].mountDefaultFields == CloudConfig.defaultMountFields)
    }
}

@Suite struct EtcHostsTests {
    func plan(_ userData: String, osRelease: String, hosts: String? = nil) throws -> [String: String] {
        let root = TemporaryDirectory()
        root.write("etc/os-release", osRelease)
        if let hosts { root.write("etc/hosts", hosts) }
        let bundle = UserDataBundle(userData: RawInput(file: "u", bytes: Array(("#cloud-config\n" + userData).utf8)), vendorData: nil)
        var instance = InstanceData(datasource: "NoCloud", source: "seed")
        instance.localHostname = "meta.example.org"
        let context = PlanContext(instance: instance, sysroot: try Sysroot(path: root.path), config: CloudConfigDecoder(bundle).config)
        var files: [String: String] = [:]
        for case .writeFile(let write) in try UpdateEtcHosts.plan(context).actions { files[write.path] = String(decoding: write.contents, as: UTF8.self) }
        return files
    }

    @Test func templateByDistributionFamily() throws {
        let debian = try plan("hostname: web1\nmanage_etc_hosts: true\n", osRelease: "ID=debian\n")["/etc/hosts"] ?? ""
        #expect(debian.contains("\n127.0.1.1 web1.example.org web1\n127.0.0.1 localhost\n"))
        let redhat = try plan("fqdn: db.example.com\nmanage_etc_hosts: template\n", osRelease: "ID=centos\n")["/etc/hosts"] ?? ""
        #expect(redhat.contains("\n127.0.0.1 db.example.com db\n") && redhat.contains("\n::1 db.example.com db\n"))
    }

    @Test func localhostAddsTheLineOnceAndKeepsTheRest() throws {
        let hosts = "127.0.0.1 localhost\n# admin's line\n10.0.0.9 nas\n"
        let written = try plan("manage_etc_hosts: localhost\n", osRelease: "ID=debian\n", hosts: hosts)["/etc/hosts"]
        #expect(written == hosts + "127.0.1.1 meta.example.org meta\n")
        #expect(try plan("manage_etc_hosts: localhost\n", osRelease: "ID=debian\n", hosts: written!).isEmpty)
        #expect(try plan("{}\n", osRelease: "ID=debian\n", hosts: hosts).isEmpty)  // default: unmanaged
    }
}
