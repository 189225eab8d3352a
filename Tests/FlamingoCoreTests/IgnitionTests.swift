import Foundation
import Testing
@testable import FlamingoCore

/// Ignition configs: reading against each spec version, Ignition's rules, data URLs, hashes,
/// merging, and the plan they become (users, files, links, units) on a small sysroot.
@Suite struct IgnitionTests {
    func document(_ text: String) throws -> IgnitionDocument {
        try IgnitionDocument(parsing: RawInput(file: "config.ign", bytes: Array(text.utf8)))
    }

    func messages(_ text: String) throws -> [String] {
        try document(text).diagnostics.map(\.description)
    }

    // MARK: versions and fields

    @Test(arguments: ["3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0", "3.6.0"])
    func everyPublishedSpec3VersionIsRead(version: String) throws {
        #expect(try messages(#"{"ignition": {"version": "\#(version)"}}"#).isEmpty)
    }

    @Test(arguments: [("2.3.0", "translate the config to spec 3"), ("3.4.0-experimental", "experimental spec"),
                      ("3.7.0", "unsupported Ignition spec version"), ("3.0", "is not a version"), ("4.0.0", "unsupported")])
    func otherVersionsAreRefusedSayingWhy(version: String, expected: String) {
        #expect {
            _ = try document(#"{"ignition": {"version": "\#(version)"}}"#)
        } throws: { error in
            (error as? Diagnostic).map { $0.message.contains(expected) && $0.keyPath.description == "ignition.version" } ?? false
        }
    }

    @Test func recognisedByContentOnly() {
        #expect(IgnitionDocument.looksLikeIgnition(Array(#"  {"ignition":{"version":"3.2.0"}}"#.utf8)))
        #expect(IgnitionDocument.looksLikeIgnition(Array(#"{"ignition":{"version":"9.9.9"}}"#.utf8)))  // refused later, with a reason
        #expect(!IgnitionDocument.looksLikeIgnition(Array("#cloud-config\n{}\n".utf8)))
        #expect(!IgnitionDocument.looksLikeIgnition(Array(#"{"users": []}"#.utf8)))
    }

    @Test func aKeyOfALaterVersionIsAWarningNamingThatVersion() throws {
        let diagnostics = try document(#"{"ignition": {"version": "3.1.0"}, "passwd": {"users": [{"name": "a", "shouldExist": false}]}}"#).diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .warning)
        #expect(diagnostics[0].keyPath.description == "passwd.users[0].shouldExist")
        #expect(diagnostics[0].message.contains("spec 3.2.0 and later"))
    }

    @Test func unknownKeysGetASuggestionWithLineAndColumn() throws {
        let text = "{\"ignition\": {\"version\": \"3.3.0\"},\n \"storage\": {\"files\": [{\"path\": \"/a\", \"contnets\": {}}]}}"
        let diagnostic = try #require(try document(text).diagnostics.first)
        #expect(diagnostic.description == #"config.ign:2:39: warning: storage.files[0].contnets: unknown key "contnets"; ignored (did you mean "contents"?)"#)
    }

    @Test func keysAreMatchedWithoutCaseAsIgnitionDoesWithAWarning() throws {
        let document = try document(#"{"ignition": {"version": "3.3.0"}, "storage": {"files": [{"Path": "/etc/x"}]}}"#)
        #expect(document.diagnostics.map(\.message) == [#"read as "path" (Ignition matches keys without regard to case); write it "path""#])
        #expect(IgnitionConfig(tree: document.tree, version: document.version, file: "").files.first?.path == "/etc/x")
    }

    @Test(arguments: [
        (#""mode": "0644""#, "storage.files[0].mode", "expected an integer, found a string"),
        (#""mode": 420.5"#, "storage.files[0].mode", "expected an integer, found a number that is not a whole number"),
        (#""overwrite": "yes""#, "storage.files[0].overwrite", "expected a boolean, found a string"),
        (#""contents": []"#, "storage.files[0].contents", "expected an object, found a list"),
    ])
    func wrongTypesAreErrorsAtTheirPath(field: String, path: String, message: String) throws {
        let diagnostics = try document(#"{"ignition": {"version": "3.3.0"}, "storage": {"files": [{"path": "/a", \#(field)}]}}"#).diagnostics
        #expect(diagnostics.map(\.keyPath.description) == [path])
        #expect(diagnostics.map(\.message) == [message])
    }

    // MARK: Ignition's rules

    func errors(_ json: String, version: String = "3.3.0") throws -> [String] {
        try document(#"{"ignition": {"version": "\#(version)"}, \#(json)}"#).diagnostics.filter { $0.severity == .error }
            .map { "\($0.keyPath): \($0.message)" }
    }

    @Test func pathsMustBeAbsoluteAndClean() throws {
        #expect(try errors(#""storage": {"files": [{"path": "etc/a"}, {"path": "/etc/../a"}, {}]}"#) == [
            #"storage.files[0].path: path not absolute: "etc/a""#,
            #"storage.files[1].path: path is not fully simplified: "/etc/../a" (write "/a")"#,
            "storage.files[2].path: path not specified",
        ])
    }

    @Test func filesDirectoriesAndLinksShareTheirPaths() throws {
        #expect(try errors(#""storage": {"files": [{"path": "/a"}], "directories": [{"path": "/a"}]}"#)
            == ["storage.directories[0]: duplicate entry defined: /a is listed already (files, directories and links share their paths)"])
    }

    @Test func overwriteNeedsASourceAndHashesNeedTheirLength() throws {
        #expect(try errors(#""storage": {"files": [{"path": "/a", "overwrite": true}, {"path": "/b", "contents": {"source": "data:,x", "verification": {"hash": "sha256-abc"}}}]}"#) == [
            "storage.files[0].overwrite: overwrite must be false if source is unspecified: overwriting means replacing with contents",
            "storage.files[1].contents.verification.hash: incorrect size for hash sum: sha256 has 64 hexadecimal digits, found 3",
        ])
    }

    @Test(arguments: [("data:,a b", "must be percent-encoded"), ("data:;base64,SGVsbG8", "not valid base64"),
                      ("data:,a%2", "two hexadecimal digits"), ("data:base64,SGk=", "is not a media type"), ("ftp://x/y", "invalid url scheme")])
    func sourcesAreCheckedAsIgnitionChecksThem(source: String, expected: String) throws {
        let found = try errors(#""storage": {"files": [{"path": "/a", "contents": {"source": "\#(source)"}}]}"#)
        #expect(found.count == 1 && found[0].contains(expected), "\(found)")
    }

    @Test func unitsNeedATypeAndParsableContents() throws {
        #expect(try errors(#""systemd": {"units": [{"name": "foo", "contents": "[Unit]\nfoo"}, {"name": "a.service", "dropins": [{"name": "x.txt"}]}]}"#) == [
            #"systemd.units[0].name: invalid systemd unit extension: "foo" must end in .service, .socket, .device, .mount, .automount, .swap, .target, .path, .timer, .snapshot, .slice or .scope"#,
            "systemd.units[0].contents: invalid unit contents: line 2: a line that is not Key=Value",
            #"systemd.units[1].dropins[0].name: invalid systemd drop-in extension: "x.txt" must end in .conf"#,
        ])
        let warnings = try document(#"{"ignition": {"version": "3.3.0"}, "systemd": {"units": [{"name": "a.service", "enabled": true, "contents": "[Service]\nExecStart=/bin/true"}]}}"#).diagnostics
        #expect(warnings.map(\.message) == [#"unit "a.service" is enabled, but has no install section so enable does nothing"#])
    }

    @Test func partitionsAndFilesystemsFollowIgnitionsRules() throws {
        #expect(try errors(#""storage": {"disks": [{"device": "/dev/vdb", "partitions": [{"number": 1, "startMiB": 1, "sizeMiB": 10}, {"number": 1}, {"number": 3, "startMiB": 5, "sizeMiB": 2}, {"label": "a:b"}]}], "filesystems": [{"device": "/dev/vdb1", "format": "ext4", "label": "a-label-longer-than-16"}, {"device": "/dev/vdb2", "label": "x"}]}"#) == [
            "storage.disks[0].partitions[1]: partition numbers collide: number 1 is listed already",
            "storage.disks[0].partitions[2]: partitions overlap",
            "storage.disks[0].partitions[3].label: partition label will be truncated to text before the colon",
            "storage.filesystems[0].label: filesystem labels cannot be longer than 16 characters when using ext4",
            "storage.filesystems[1].format: format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified",
            "storage.filesystems[1].label: filesystem must specify format if label is specified",
        ])
    }

    @Test func aFileMayNotConflictWithAUnitNorSitUnderALink() throws {
        #expect(try errors(#""storage": {"files": [{"path": "/etc/systemd/system/a.service"}, {"path": "/l/x"}], "links": [{"path": "/l", "target": "/t"}]}, "systemd": {"units": [{"name": "a.service", "contents": "[Unit]\n"}]}"#) == [
            "storage.files[0].path: path conflicts with systemd unit or dropin: systemd.units writes /etc/systemd/system/a.service",
            "storage.files[1]: file path includes link in config: /l is a link",
        ])
    }

    @Test func specialModeBitsWarnBefore3_6() throws {
        let config = #""storage": {"files": [{"path": "/a", "mode": 2541}]}"#
        #expect(try document(#"{"ignition": {"version": "3.5.0"}, \#(config)}"#).diagnostics.map(\.severity) == [.warning])
        #expect(try document(#"{"ignition": {"version": "3.6.0"}, \#(config)}"#).diagnostics.isEmpty)
        #expect(try errors(#""storage": {"files": [{"path": "/a", "mode": 4096}]}"#).count == 1)
    }

    // MARK: Ignition's documented examples, against Debian's ignition-validate 2.14

    @Test func documentedExamplesGetIgnitionValidatesVerdict() throws {
        let directory = Fixtures.path("ignition-examples")
        let verdicts = try String(contentsOfFile: directory + "/ignition-validate-2.14.txt", encoding: .utf8)
        var checked = 0
        for line in verdicts.split(separator: "\n") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2 || (fields.count == 3 && fields[1] == "as-3.4.0-experimental") else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + fields[0])))
            var valid: Bool
            do {
                valid = try !IgnitionDocument(parsing: RawInput(file: fields[0], bytes: bytes)).hasErrors
            } catch {
                valid = false
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let declared = try JSONParser(file: fields[0]).parse(bytes)["ignition"]?["version"]?.scalar?.text ?? ""
            let version = try #require(IgnitionVersion(declared))
            if fields.count == 3 {
                // Ignition 2.14 knows 3.4.0 only as 3.4.0-experimental: its verdict there is the one compared.
                #expect(valid == (fields[2] == "valid"), "\(fields[0]) (\(version)): flamingo and Ignition 2.14 (as 3.4.0-experimental) disagree")
                checked += 1
            } else if version.minor < 4 || version.major != 3 {
                #expect(valid == (fields[1] == "valid"), "\(fields[0]): flamingo and ignition-validate 2.14 disagree\n\(text)")
                checked += 1
            }
        }
        #expect(checked >= 32)
    }

    // MARK: data URLs and hashes

    @Test func dataURLsDecodeBase64AndPercentEncoding() throws {
        #expect(try DataURL(parsing: "data:,hello%20world%0A").data == Array("hello world\n".utf8))
        #expect(try DataURL(parsing: "data:text/plain;charset=utf-8;base64,SGVsbG8=").data == Array("Hello".utf8))
        #expect(try DataURL(parsing: "data:,a+b").data == Array("a+b".utf8))
        #expect(throws: DataURL.Problem.self) { try DataURL(parsing: "data:;base64,SGVsbG8") }
    }

    @Test func sha2MatchesTheStandardsVectors() {
        #expect(SHA2.hex(SHA2.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA2.hex(SHA2.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA2.hex(SHA2.sha512(Array("abc".utf8))).hasPrefix("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"))
        let long = Array(repeating: UInt8(ascii: "a"), count: 1000)
        #expect(SHA2.hex(SHA2.sha256(long)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func aWrongHashRefusesTheData() throws {
        let resource = IgnitionConfig(tree: try document(#"{"ignition": {"version": "3.3.0"}, "storage": {"files": [{"path": "/a", "contents": {"source": "data:,abc", "verification": {"hash": "sha256-\#(String(repeating: "0", count: 64))"}}}]}}"#).tree,
                                      version: IgnitionVersion("3.3.0")!, file: "").files[0].contents!
        #expect(throws: IgnitionSourceError.self) { try IgnitionFetcher().load(resource) }
        var right = resource
        right.hash = "sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(try IgnitionFetcher().load(right) == Array("abc".utf8))
    }

    // MARK: merge and replace

    @Test func mergedConfigsOverrideByKeyAndAppendTheRest() throws {
        let child = #"{"ignition":{"version":"3.3.0"},"passwd":{"users":[{"name":"core","sshAuthorizedKeys":["key2"],"shell":"/bin/zsh"},{"name":"b"}]},"storage":{"links":[{"path":"/x","target":"/y"}]}}"#
        let encoded = "data:;base64," + Data(child.utf8).base64EncodedString()
        let parent = try document(#"{"ignition":{"version":"3.3.0","config":{"merge":[{"source":"\#(encoded)"}]}},"passwd":{"users":[{"name":"core","sshAuthorizedKeys":["key1"],"shell":"/bin/bash"}]},"storage":{"files":[{"path":"/x"}]}}"#)
        let config = try parent.rendered(IgnitionFetcher())
        #expect(config.users.map(\.name) == ["core", "b"])
        #expect(config.users[0].sshAuthorizedKeys == ["key1", "key2"])
        #expect(config.users[0].shell == "/bin/zsh")
        #expect(config.files.isEmpty && config.links.map(\.path) == ["/x"])  // the child's link replaces the parent's file
    }

    @Test func replaceStandsForTheWholeConfigAndABrokenReferenceRefusesIt() throws {
        let child = #"{"ignition":{"version":"3.0.0"},"passwd":{"users":[{"name":"only"}]}}"#
        let parent = try document(#"{"ignition":{"version":"3.3.0","config":{"replace":{"source":"data:,\#(child.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"}}},"passwd":{"users":[{"name":"core"}]}}"#)
        #expect(try parent.rendered(IgnitionFetcher()).users.map(\.name) == ["only"])
        let broken = try document(#"{"ignition":{"version":"3.3.0","config":{"merge":[{"source":"data:,%7B%7D"}]}}}"#)
        #expect(throws: IgnitionRefusal.self) { try broken.rendered(IgnitionFetcher()) }
        let remote = try document(#"{"ignition":{"version":"3.3.0","config":{"merge":[{"source":"http://169.254.169.254/x.ign"}]}}}"#)
        #expect { try remote.rendered(IgnitionFetcher()) } throws: { error in
            "\(error)".contains("this run has no network")
        }
    }

    // MARK: what it plans

    func sysroot() -> TemporaryDirectory {
        TemporaryDirectory([
            "etc/passwd": "root:x:0:0:root:/root:/bin/bash\ncore:x:1000:1000::/home/core:/bin/sh\n",
            "etc/group": "root:x:0:\ncore:x:1000:\nwheel:x:10:\n",
            "etc/shadow": "root:*:19000:0:99999:7:::\ncore:!:19000:0:99999:7:::\n",
            "etc/gshadow": "root:*::\ncore:!::\nwheel:!::\n",
            "etc/existing": "old\n",
        ])
    }

    func plan(_ json: String, root: TemporaryDirectory,
              modules: [any Module.Type] = [UsersGroups.self, StorageFiles.self, SystemdUnits.self]) throws -> (actions: [Action], diagnostics: [Diagnostic]) {
        let document = try document(#"{"ignition": {"version": "3.3.0"}, \#(json)}"#)
        #expect(!document.hasErrors, "\(document.diagnostics)")
        let input = try IgnitionInput.cloudConfig(try document.rendered(IgnitionFetcher()), fetcher: IgnitionFetcher())
        let context = PlanContext(instance: InstanceData(datasource: "NoCloud", source: "seed"), sysroot: try Sysroot(path: root.path), config: input.config)
        var actions: [Action] = []
        var diagnostics: [Diagnostic] = []
        for module in modules {
            let plan = try module.plan(context)
            actions += plan.actions
            diagnostics += plan.diagnostics
        }
        return (actions, diagnostics)
    }

    func files(_ actions: [Action]) -> [String: FileWrite] {
        var result: [String: FileWrite] = [:]
        for action in actions {
            if case .writeFile(let write) = action { result[write.path] = write }
            if case .accountFiles(let writes) = action { for write in writes { result[write.path] = write } }
        }
        return result
    }

    @Test func anExistingUserGetsTheFieldsGivenAsUsermodGivesThem() throws {
        let root = sysroot()
        let result = try plan(#""passwd": {"users": [{"name": "core", "passwordHash": "$6$x$y", "groups": ["wheel"], "shell": "/bin/bash", "sshAuthorizedKeys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey k@i"]}]}"#, root: root)
        let written = files(result.actions)
        #expect(String(decoding: try #require(written["/etc/passwd"]).contents, as: UTF8.self).contains("core:x:1000:1000::/home/core:/bin/bash\n"))
        #expect(String(decoding: try #require(written["/etc/shadow"]).contents, as: UTF8.self).contains("core:$6$x$y:"))
        #expect(String(decoding: try #require(written["/etc/group"]).contents, as: UTF8.self).contains("wheel:x:10:core\n"))
        #expect(String(decoding: try #require(written["/home/core/.ssh/authorized_keys"]).contents, as: UTF8.self).contains("Key k@i"))
    }

    @Test func aNewUserWithoutAHashCannotLogInWithAPasswordAndShouldExistFalseRemoves() throws {
        let root = sysroot()
        let result = try plan(#""passwd": {"users": [{"name": "alice", "uid": 2000}, {"name": "core", "shouldExist": false}], "groups": [{"name": "ops", "gid": 3000}]}"#, root: root)
        let written = files(result.actions)
        let shadow = String(decoding: try #require(written["/etc/shadow"]).contents, as: UTF8.self)
        #expect(shadow.contains("alice:*:"))
        #expect(!shadow.contains("core:"))
        let passwd = String(decoding: try #require(written["/etc/passwd"]).contents, as: UTF8.self)
        #expect(passwd.contains("alice:x:2000:") && !passwd.contains("core:"))
        #expect(String(decoding: try #require(written["/etc/group"]).contents, as: UTF8.self).contains("ops:x:3000:"))
    }

    @Test func filesFollowIgnitionsRulesForWhatExists() throws {
        let root = sysroot()
        // An existing file without overwrite: refused when contents are given, appended to when not.
        let refused = try plan(#""storage": {"files": [{"path": "/etc/existing", "contents": {"source": "data:,new"}}]}"#, root: root)
        #expect(refused.diagnostics.map(\.message) == ["/etc/existing: a file exists there already and overwrite is false"])
        let appended = try plan(#""storage": {"files": [{"path": "/etc/existing", "append": [{"source": "data:,more%0A"}], "mode": 384}]}"#, root: root)
        let write = try #require(files(appended.actions)["/etc/existing"])
        #expect(String(decoding: write.contents, as: UTF8.self) == "old\nmore\n")
        #expect(write.mode == FileMode(0o600))
        let replaced = try plan(#""storage": {"files": [{"path": "/etc/existing", "overwrite": true, "contents": {"source": "data:,new"}, "user": {"name": "core"}, "group": {"id": 10}}]}"#, root: root)
        let new = try #require(files(replaced.actions)["/etc/existing"])
        #expect(new.contents == Array("new".utf8) && new.mode == FileMode(0o644) && new.owner == Owner(uid: 1000, gid: 10))
        let unknown = try plan(#""storage": {"files": [{"path": "/etc/x", "user": {"name": "nobody-here"}}]}"#, root: root)
        #expect(unknown.diagnostics.first?.message.contains("names no user or group") == true)
    }

    @Test func aRerunIsNotAConflictButAnythingElseRefusesEveryFileEntry() throws {
        let root = sysroot()
        // The same bytes already there: a re-run's, written again without a word.
        let rerun = try plan(#""storage": {"files": [{"path": "/etc/existing", "contents": {"source": "data:,old%0A"}}]}"#, root: root, modules: [StorageFiles.self])
        #expect(rerun.diagnostics.isEmpty && files(rerun.actions)["/etc/existing"] != nil)
        // One entry that conflicts: none of them is written (as Ignition stops at it).
        let conflict = try plan(#""storage": {"files": [{"path": "/etc/new", "contents": {"source": "data:,x"}}, {"path": "/etc/existing", "contents": {"source": "data:,other"}}], "directories": [{"path": "/etc", "overwrite": true}]}"#,
                                root: root, modules: [StorageFiles.self])
        #expect(conflict.actions.isEmpty)
        #expect(conflict.diagnostics.map(\.message) == [
            "/etc: a directory is there and overwrite is true: flamingo never deletes a directory tree (docs/ignition.md)",
            "/etc/existing: a file exists there already and overwrite is false",
        ])
    }

    @Test func groupsAreRemovedUnlessPrimaryAndAnExistingGroupKeepsItsID() throws {
        let root = sysroot()
        let removed = try plan(#""passwd": {"groups": [{"name": "wheel", "shouldExist": false}, {"name": "core", "shouldExist": false}, {"name": "root", "gid": 5}]}"#,
                               root: root, modules: [UsersGroups.self])
        let group = String(decoding: try #require(files(removed.actions)["/etc/group"]).contents, as: UTF8.self)
        #expect(!group.contains("wheel:") && group.contains("core:x:1000:"))
        #expect(removed.diagnostics.map(\.message).sorted() == [
            "group core: group core is a user's primary group: not removed (groupdel refuses too)",
            "group root: exists already with GID 0, not 5",
        ])
    }

    @Test func linksAndDirectoriesInIgnitionsOrder() throws {
        let root = sysroot()
        root.symlink("etc/kept", to: "/usr/share/x")
        let result = try plan(#""storage": {"links": [{"path": "/a/b/hard", "target": "/a/file", "hard": true}, {"path": "/etc/kept", "target": "/usr/share/x"}, {"path": "/l", "target": "rel/target"}], "files": [{"path": "/a/file", "contents": {"source": "data:,x"}}], "directories": [{"path": "/a/b", "mode": 448}]}"#, root: root, modules: [StorageFiles.self])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let described = result.actions.map { action -> String in
            switch action {
            case .makeDirectory(let path, let mode, _): return "dir \(path) \(mode)"
            case .writeFile(let write): return "file \(write.path)"
            case .symlink(let path, let target, _): return "symlink \(path) \(target)"
            case .hardLink(let path, let target): return "hard \(path) \(target)"
            default: return "other"
            }
        }
        // By depth (directories, then files, then symlinks at one depth); the link already right
        // left alone; hard links last.
        #expect(described == ["symlink /l rel/target", "dir /a/b 0700", "file /a/file", "hard /a/b/hard /a/file"])
    }

    @Test func unitsBecomeTheSystemdModulesSettings() throws {
        let root = sysroot()
        let result = try plan(#""systemd": {"units": [{"name": "m.service", "enabled": true, "contents": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n"}, {"name": "x.service", "mask": true}, {"name": "y.service", "dropins": [{"name": "a.conf", "contents": "[Service]\n"}, {"name": "empty.conf"}]}]}"#, root: root, modules: [SystemdUnits.self])
        let links = result.actions.compactMap { action -> String? in
            if case .symlink(let path, let target, _) = action { return "\(path) -> \(target)" }
            return nil
        }
        #expect(links == ["/etc/systemd/system/multi-user.target.wants/m.service -> /etc/systemd/system/m.service",
                          "/etc/systemd/system/x.service -> /dev/null"])
        #expect(Set(files(result.actions).keys) == ["/etc/systemd/system/m.service", "/etc/systemd/system/y.service.d/a.conf"])
    }

    @Test func whatFlamingoDoesNotDoRefusesTheConfigNamingTheKey() throws {
        let document = try document(#"{"ignition": {"version": "3.3.0"}, "kernelArguments": {"shouldExist": ["quiet"]}, "storage": {"luks": [{"name": "a", "device": "/dev/vdb"}]}}"#)
        #expect { try IgnitionInput.cloudConfig(try document.rendered(IgnitionFetcher()), fetcher: IgnitionFetcher()) } throws: { error in
            guard let refusal = error as? IgnitionRefusal else { return false }
            return refusal.diagnostics.map(\.keyPath.description) == ["storage.luks[0]", "kernelArguments"]
        }
    }
}
