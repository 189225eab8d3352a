import Foundation
import Testing
@testable import FlamingoCore

@Suite struct ModuleTests {
    func context(_ root: TemporaryDirectory, hostname: String? = nil, keys: [String] = []) throws -> PlanContext {
        var instance = InstanceData(datasource: "NoCloud", source: "seed")
        instance.localHostname = hostname
        instance.publicKeys = keys
        return PlanContext(instance: instance, sysroot: try Sysroot(path: root.path))
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
        #expect(plan.diagnostics.first?.keyPath.description == "local-hostname")
    }

    @Test func noHostnameIsNothingToDo() throws {
        let plan = try SetHostname.plan(context(TemporaryDirectory()))
        #expect(plan.actions.isEmpty && plan.diagnostics.isEmpty)
    }

    @Test func keysUseRootsEntryFromTheSysrootsPasswd() throws {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "# comment\nroot:x:0:10:root:/var/roothome:/bin/bash\nbin:x:1:1::/:/sbin/nologin\n")
        let plan = try SSHAuthorizedKeys.plan(context(root, keys: ["ssh-ed25519 AAAA a"]))
        let directories = plan.actions.compactMap { action -> String? in
            if case .makeDirectory(let path, let mode, let owner) = action { return "\(path) \(mode) \(owner)" }
            return nil
        }
        #expect(directories == ["/var/roothome 0700 0:10", "/var/roothome/.ssh 0700 0:10"])
        #expect(writes(plan) == ["/var/roothome/.ssh/authorized_keys": "ssh-ed25519 AAAA a\n"])
    }

    @Test func keysAreMergedIntoWhatIsThere() throws {
        let root = TemporaryDirectory()
        root.write("root/.ssh/authorized_keys", "# admin's own\ncommand=\"x\" ssh-ed25519 AAAA old-comment")
        let plan = try SSHAuthorizedKeys.plan(context(root, keys: ["ssh-ed25519 AAAA new-comment", "ssh-rsa BBBB b"]))
        #expect(writes(plan)["/root/.ssh/authorized_keys"] ==
                "# admin's own\ncommand=\"x\" ssh-ed25519 AAAA old-comment\nssh-rsa BBBB b\n")
    }

    /// Adding a module is one file plus one line in the registry: this notices a missing line.
    @Test func everyModuleFileIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.sources + "/Modules")
        let expected = Set(files.filter { $0.hasSuffix(".swift") }.map { String($0.dropLast(6)) })
        #expect(Set(ModuleRegistry.all.map { String(describing: $0) }) == expected)
    }
}
