import FlamingoCore

/// The parsers that read untrusted bytes, each as one entry point a fuzzer calls with arbitrary
/// input. The libFuzzer executable (`flamingo-fuzz`, built by `scripts/fuzz.sh`) and the corpus
/// replay in `swift test` call the same functions, so every finding stays a regression test.
///
/// An entry point must not crash, hang or leak on any input; where a parser promises more (every
/// error points inside the input), the entry point checks that too and traps when it is broken.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case yaml
    case json
    case userData = "user-data"
    case cloudConfig = "cloud-config"
    case metaData = "meta-data"
    case networkConfig = "network-config"
    case accountFiles = "account-files"
    case kernelCommandLine = "kernel-command-line"
    case sysrootFiles = "sysroot-files"
    case metadataAnswers = "metadata-answers"
    case ignition

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .yaml: Self.parse(bytes, as: .yaml)
        case .json: Self.parse(bytes, as: .json)
        case .userData: Self.userData(bytes)
        case .cloudConfig: Self.cloudConfig(bytes)
        case .metaData: Self.metaData(bytes)
        case .networkConfig: Self.networkConfig(bytes)
        case .accountFiles: Self.accountFiles(bytes)
        case .kernelCommandLine: _ = BootOptions(KernelCommandLine(String(decoding: bytes, as: UTF8.self)))
        case .sysrootFiles: Self.sysrootFiles(bytes)
        case .metadataAnswers: Self.metadataAnswers(bytes)
        case .ignition: Self.ignition(bytes)
        }
    }

    /// An Ignition config: read, checked, rendered (data URLs only) and turned into the modules'
    /// settings, or refused; every diagnostic with a place points inside the input.
    static func ignition(_ bytes: [UInt8]) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        func check(_ diagnostics: [Diagnostic]) {
            for diagnostic in diagnostics {
                if let mark = diagnostic.mark { precondition(mark.line >= 1 && mark.line <= lines && mark.column >= 1, "a mark outside the input: \(diagnostic)") }
            }
        }
        _ = IgnitionDocument.looksLikeIgnition(bytes)
        let document: IgnitionDocument
        do {
            document = try IgnitionDocument(parsing: RawInput(file: "fuzz", bytes: bytes))
        } catch let diagnostic as Diagnostic {
            return check([diagnostic])
        } catch {
            preconditionFailure("IgnitionDocument threw \(error)")
        }
        check(document.diagnostics)
        guard !document.hasErrors else { return }
        let fetcher = IgnitionFetcher(budget: InflateBudget(bytes: 1 << 20))
        do {
            _ = try IgnitionInput.cloudConfig(try document.rendered(fetcher), fetcher: fetcher)
        } catch let refusal as IgnitionRefusal {
            check(refusal.diagnostics)
        } catch {
            preconditionFailure("rendering threw \(error)")
        }
    }

    /// What the network hands the initramfs step: an HTTP answer (complete or cut off), a DHCP
    /// reply, a `ds=` seed and a URL from it. Each parses or is refused; a message never carries
    /// a control byte from the input.
    static func metadataAnswers(_ bytes: [UInt8]) {
        for ended in [false, true] {
            do {
                _ = try HTTPResponse.parse(bytes, ended: ended, bodyLimit: 4096)
            } catch let malformed as HTTPResponse.Malformed {
                precondition(!malformed.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f },
                             "an HTTP error message carries a control byte")
            } catch {
                preconditionFailure("HTTPResponse.parse threw \(error)")
            }
        }
        if let message = DHCPMessage.parse(bytes) {
            _ = (message.classlessRoutes, message.routers, message.subnetMask?.prefixLength, message.leaseSeconds, message.dnsServers)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let seed = SeedArgument(text), let from = seed.seedFrom { _ = try? HTTPURL(parsing: from) }
        _ = try? HTTPURL(parsing: text)
    }

    /// A document parses or fails with an error that points at a place inside the input.
    static func parse(_ bytes: [UInt8], as format: Document.Format) {
        let input = RawInput(file: "fuzz", bytes: bytes)
        do {
            let document = try Document.parse(input, as: format)
            for warning in document.warnings { checkLocation(warning, in: bytes) }
        } catch let diagnostic as Diagnostic {
            checkLocation(diagnostic, in: bytes)
        } catch {
            preconditionFailure("\(format) parser threw a non-diagnostic error: \(error)")
        }
    }

    /// user-data as the drive carries it: MIME multipart, gzip, `#include`, scripts, cloud-config;
    /// the first half as user-data and the whole as vendor-data (its JSON/YAML wrapper forms).
    static func userData(_ bytes: [UInt8]) {
        let bundle = UserDataBundle(userData: RawInput(file: "user-data", bytes: bytes),
                                    vendorData: RawInput(file: "vendor-data", bytes: Array(bytes.prefix(bytes.count / 2))))
        _ = CloudConfigDecoder(bundle)
    }

    /// The cloud-config model: the input as a `#cloud-config` document, decoded into every module.
    static func cloudConfig(_ bytes: [UInt8]) {
        let input = RawInput(file: "user-data", bytes: Array("#cloud-config\n".utf8) + bytes)
        let diagnostics = Validation.validate(input, as: .userData)
        for diagnostic in diagnostics { precondition(!diagnostic.message.isEmpty, "a diagnostic without a message") }
    }

    /// meta-data as NoCloud (YAML) and as ConfigDrive's meta_data.json.
    static func metaData(_ bytes: [UInt8]) {
        _ = Validation.validate(RawInput(file: "meta-data", bytes: bytes), as: .metaData)
        _ = Validation.validate(RawInput(file: "meta_data.json", bytes: bytes), as: .metaData)
    }

    /// network_data.json or network config v1/v2, then each renderer's files for the result.
    static func networkConfig(_ bytes: [UInt8]) {
        let names = try! InterfaceNames(arguments: ["eth0=52:54:00:12:34:00", "eth1=fa:16:3e:00:00:01"])
        for file in ["network-config", "network_data.json"] {
            let (result, _) = NetworkInput.parse(RawInput(file: file, bytes: bytes), format: nil, names: names)
            guard case .config(let config)? = result else { continue }
            for renderer in NetworkRendererRegistry.all { _ = renderer.render(config) }
        }
    }

    /// passwd, shadow, group: read, checked for damage, an entry set, written back.
    static func accountFiles(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = PasswdFile.parse(text)
        var file = AccountFile(path: "/etc/passwd", text: text)
        _ = file.problems(fields: 7)
        _ = file.entries
        precondition(file.text == text, "an account file read and written back unchanged must keep every byte")
        let entry = ["fuzz", "x", "4242", "4242", "", "/home/fuzz", "/bin/sh"]
        file.set("fuzz", entry)
        precondition(file.fields("fuzz") == entry, "an entry just set must be found")
    }

    /// The files of the image flamingo reads are inputs too — a damaged image is not a malicious
    /// one, but it must not crash the run either. The bytes, split at NULs, become passwd,
    /// shadow, group, gshadow, login.defs, os-release and fstab of a scratch sysroot, and every
    /// module plans a fixed cloud-config against it (planning only reads).
    static func sysrootFiles(_ bytes: [UInt8]) {
        guard let root = try? FileSystem.makeTemporaryDirectory(in: "/tmp", prefix: "flamingo-fuzz-sysroot.") else {
            preconditionFailure("mkdtemp failed")
        }
        let names = ["passwd", "shadow", "group", "gshadow", "login.defs", "os-release", "fstab"]
        guard (try? FileSystem.makeDirectory(root + "/etc", mode: 0o755)) != nil,
              let directory = try? FileDescriptor.open(root + "/etc", .directory) else {
            preconditionFailure("cannot make the scratch sysroot")
        }
        defer {
            for name in names { _ = try? directory.removeEntry(name) }
            FileSystem.removeDirectory(root + "/etc")
            FileSystem.removeDirectory(root)
        }
        let parts = bytes.split(separator: 0, maxSplits: names.count - 1, omittingEmptySubsequences: false)
        for (name, part) in zip(names, parts) {
            guard let file = try? directory.open(name, [.writeOnly, .create, .truncate], mode: 0o644),
                  (try? file.writeAll(Array(part))) != nil else {
                preconditionFailure("cannot write the scratch sysroot")
            }
        }
        guard let sysroot = try? Sysroot(path: root) else { preconditionFailure("cannot open the scratch sysroot") }
        let context = PlanContext(instance: InstanceData(datasource: "fuzz", source: "fuzz"), sysroot: sysroot,
                                  config: CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(Self.sysrootConfig.utf8)),
                                                                           vendorData: nil)).config)
        context.blockDeviceExists = { _ in true }
        for module in ModuleRegistry.all { _ = try? module.plan(context) }
    }

    /// What every module plans against the fuzzed files: accounts of every kind, passwords,
    /// mounts and swap (fstab), and the settings that read os-release.
    static let sysrootConfig = """
        #cloud-config
        users:
          - default
          - {name: fuzz, groups: [wheel, adm, fuzzers], sudo: "ALL=(ALL) NOPASSWD:ALL", ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzz f]}
          - {name: sys, system: true, primary_group: adm, uid: 4242}
        groups: [fuzzers, {admins: [fuzz, root]}]
        chpasswd: {expire: true, users: [{name: root, password: "$6$s$h", type: hash}, {name: fuzz, password: pw, type: text}]}
        mounts: [[/dev/vdb, /data, ext4, "defaults,nofail"], [swap, none, swap, sw]]
        swap: {filename: /swapfile, size: 1M}
        locale: en_US.UTF-8
        keyboard: {layout: de}
        timezone: UTC
        ntp: {enabled: true, servers: [ntp.example.com]}
        ssh_pwauth: true
        hostname: fuzz
        manage_etc_hosts: true

        """

    /// Every location names a line of the input (or the line just past its end) and a column ≥ 1.
    /// Lines end as YAML ends them: LF, CR LF, a lone CR, NEL, LS or PS.
    static func checkLocation(_ diagnostic: Diagnostic, in bytes: [UInt8]) {
        guard let mark = diagnostic.mark else { return }
        var lines = 1
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x0A: lines += 1
            case 0x0D where index + 1 == bytes.count || bytes[index + 1] != 0x0A: lines += 1
            case 0x85 where index > 0 && bytes[index - 1] == 0xC2: lines += 1
            case 0xA8...0xA9 where index > 1 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80: lines += 1
            default: break
            }
        }
        precondition(mark.line >= 1 && mark.line <= lines + 1 && mark.column >= 1,
                     "\(diagnostic.location) is outside the input (\(lines) lines)")
    }
}
