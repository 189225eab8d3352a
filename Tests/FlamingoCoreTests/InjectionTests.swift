import Testing
@testable import FlamingoCore

/// Values that would add a line or a field to a file flamingo writes are refused where they are
/// written in the input (file:line:column and key path), and the files keep their shape: every
/// passwd line 7 fields, every shadow line 9, every group line 4. CRLF counts as a line break.
@Suite struct InjectionTests {
    let host = TemporaryDirectory()

    func run(_ userData: String) -> (root: TemporaryDirectory, lines: [String]) {
        let root = TemporaryDirectory()
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/shadow", "root:*:19700:0:99999:7:::\n")
        root.write("etc/group", "root:x:0:\nwheel:x:10:\n")
        root.write("etc/gshadow", "root:*::\nwheel:*::\n")
        root.write("etc/login.defs", "UID_MIN 1000\nUID_MAX 60000\nGID_MIN 1000\nGID_MAX 60000\n")
        return (root, runCloudConfig(userData, sysroot: root, host: host, instanceID: "iid-injection").lines)
    }

    func expectShape(_ root: TemporaryDirectory) {
        for (file, fields) in [("etc/passwd", 7), ("etc/shadow", 9), ("etc/group", 4), ("etc/gshadow", 4)] {
            let text = root.read(file) ?? ""
            #expect(!text.unicodeScalars.contains("\r"), "\(file) holds a CR")
            for line in text.split(separator: "\n") {
                #expect(line.split(separator: ":", omittingEmptySubsequences: false).count == fields, "\(file): \(line)")
            }
            #expect(!text.contains("mallory"), "\(file) gained an account: \(text)")
        }
    }

    @Test(arguments: [
        ("users: [{name: alice, gecos: \"Alice\\nmallory::0:0::/root:/bin/sh\"}]\n", "users[0].gecos"),
        ("users: [{name: alice, gecos: \"Alice\\r\\nmallory::0:0::/root:/bin/sh\"}]\n", "users[0].gecos"),
        ("users: [{name: alice, gecos: \"Alice:0:0\"}]\n", "users[0].gecos"),
        ("users: [{name: alice, lock_passwd: false, hashed_passwd: \"$6$s$h:0:0\\nmallory::1:1:::::\"}]\n", "users[0].hashed_passwd"),
        ("users: [{name: alice, passwd: \"$6$s$h\\r\\nmallory\"}]\n", "users[0].passwd"),
        ("users: [{name: alice, groups: [\"wheel\\nmallory:x:0:\"]}]\n", "users[0].groups"),
        ("users: [{name: alice, primary_group: \"x:0:mallory\"}]\n", "users[0].primary_group"),
        ("groups: [{admins: [\"bob\\nmallory:x:0:\"]}]\n", "groups[0].admins"),
        ("chpasswd: {users: [{name: root, type: hash, password: \"$6$s$h\\nmallory::0:0:::::\"}]}\n", "chpasswd.users[0].password"),
    ])
    func accountValuesThatWouldAddALineOrAFieldAreRefused(userData: String, keyPath: String) {
        let (root, lines) = run(userData)
        expectShape(root)
        #expect(lines.contains { $0.contains("user-data:") && $0.contains(keyPath + ":") && $0.contains("error") }, "\(lines)")
        #expect(!(root.read("etc/passwd") ?? "").contains("alice"), "a refused user was created anyway")
    }

    @Test(arguments: [
        ("mounts: [[/dev/vdb, \"/data\\r\\n/dev/vdc\", ext4]]\n", "mounts[0][1]", "etc/fstab"),
        ("mounts: [[/dev/vdb, /data, ext4, \"defaults\\r\\n/dev/vdc /evil\"]]\n", "mounts[0][3]", "etc/fstab"),
        ("ntp: {enabled: true, servers: [\"a.example.com\\r\\npool evil.example.com\"]}\n", "ntp.servers[0]", "etc/chrony/chrony.conf"),
        ("resolv_conf: {nameservers: [\"192.0.2.1\\r\\nnameserver 203.0.113.66\"]}\nmanage_resolv_conf: true\n", "resolv_conf.nameservers[0]", "etc/resolv.conf"),
        ("keyboard: {layout: \"us\\r\\nFONT=evil\"}\n", "keyboard.layout", "etc/vconsole.conf"),
        ("yum_repos: {r: {baseurl: \"http://example.com/\\r\\ngpgcheck=0\"}}\n", "yum_repos.r.baseurl", "etc/yum.repos.d/r.repo"),
        ("yum_repos: {r: {baseurl: \"http://example.com/\", \"gpgcheck=0\\r\\nx\": 1}}\n", "yum_repos.r", "etc/yum.repos.d/r.repo"),
        ("rsyslog: {remotes: {\"n\\r\\n*.* @evil\": \"@@logs.example.com\"}}\n", "rsyslog.remotes", "etc/rsyslog.d/20-cloud-config.conf"),
    ])
    func lineBreaksInValuesForLineBasedFilesAreRefused(userData: String, keyPath: String, file: String) {
        let (root, lines) = run(userData)
        #expect(lines.contains { $0.contains(keyPath) && $0.contains("error") }, "\(lines)")
        let written = root.read(file) ?? ""
        #expect(!written.unicodeScalars.contains("\r") && !written.contains("evil") && !written.contains("gpgcheck=0"), "\(file): \(written)")
    }

    /// A space or a backslash in a field is written as fstab(5)'s octal escape, as cloud-init's
    /// own example (`"/mnt/Cdrom Drive"`) needs: every line keeps six fields and reads back as
    /// written. (A tab or a line break is refused.)
    @Test func spacesInMountFieldsAreEscaped() throws {
        let (root, lines) = run("mounts: [[LABEL=cd, \"/mnt/Cdrom Drive\", auto, \"uid=1000,gid=1000\", \"0\", \"0\"], [LABEL=b, \"/srv/a\\\\b\"]]\n")
        #expect(!lines.contains { $0.contains("error") }, "\(lines)")
        let fstab = root.read("etc/fstab") ?? ""
        #expect(fstab.contains("LABEL=cd\t/mnt/Cdrom\\040Drive\tauto\tuid=1000,gid=1000,comment=cloudconfig\t0\t0\n"), "\(fstab)")
        #expect(fstab.contains("\t/srv/a\\134b\t"), "\(fstab)")
        let entries = FstabEntry.entries(fstab)
        #expect(entries.map(\.mountPoint).contains("/mnt/Cdrom Drive"), "\(entries)")
        for line in fstab.split(separator: "\n") { #expect(line.split(separator: "\t").count == 6, "\(line)") }
    }

    @Test func validateCallsCRLFInjectionInvalid() {
        let input = "#cloud-config\nntp: {servers: [\"a\\r\\npool b\"]}\nkeyboard: {layout: \"us\\r\\nX=1\"}\n"
        let diagnostics = Validation.validate(RawInput(file: "ud", bytes: Array(input.utf8)), as: .userData)
        let errors = diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { $0.contains("ntp.servers[0]: expected one line, found a control character (U+000D)") }, "\(errors)")
        #expect(errors.contains { $0.contains("keyboard.layout: expected one line") }, "\(errors)")
    }
}
