import Testing
@testable import FlamingoCore

@Suite struct BootOptionsTests {
    @Test func splitsLikeTheKernelWithQuotes() {
        let line = KernelCommandLine("BOOT_IMAGE=/vmlinuz root=LABEL=root  ro quiet a=\"b c\" \"d=e f\" flag\n")
        #expect(line.arguments.map(\.key) == ["BOOT_IMAGE", "root", "ro", "quiet", "a", "d", "flag"])
        #expect(line.value("root") == "LABEL=root")
        #expect(line.value("a") == "b c")
        #expect(line.value("d") == "e f")
        #expect(line.value("flag") == nil && line.contains("flag"))
    }

    @Test func readsEveryFlamingoArgument() {
        let boot = BootOptions(KernelCommandLine(
            "root=/dev/vda flamingo.timeout=7.5 flamingo.label=cidata flamingo.label=MYDRIVE flamingo.device=/dev/vdb "
            + "flamingo.debug flamingo.strict=1 ostree=/ostree/boot.1/fedora/abc/0"))
        #expect(boot.enabled)
        #expect(boot.timeoutSeconds == 7.5)
        #expect(boot.labels == ["cidata", "MYDRIVE"])
        #expect(boot.device == "/dev/vdb")
        #expect(boot.debug && boot.strict)
        #expect(boot.ostree == "/ostree/boot.1/fedora/abc/0")
        #expect(boot.warnings.isEmpty)
    }

    @Test func flamingoZeroDisables() {
        #expect(!BootOptions(KernelCommandLine("flamingo=0")).enabled)
        #expect(BootOptions(KernelCommandLine("flamingo=0 flamingo=1")).enabled)
        #expect(BootOptions(KernelCommandLine("quiet")).enabled)
    }

    @Test func unknownAndBadArgumentsAreWarningsOnly() {
        let boot = BootOptions(KernelCommandLine("flamingo.timout=5 flamingo.timeout=-1 flamingo.device=vdb flamingo.label= flamingo=maybe"))
        #expect(boot.warnings == [
            "flamingo.timout: unknown flamingo argument; ignored (did you mean flamingo.timeout?)",
            "flamingo.timeout=-1: expected seconds between 0 and 3600; ignored",
            "flamingo.device=vdb: expected an absolute device path; ignored",
            "flamingo.label needs a value; ignored",
            "flamingo=maybe: expected 0 or 1; ignored",
        ])
        #expect(boot.enabled && boot.timeoutSeconds == nil && boot.device == nil)
    }

    @Test func optionsApplyToARequest() {
        var request = RunRequest(sysroot: "/sysroot", source: .discover)
        request.apply(BootOptions(KernelCommandLine("flamingo.timeout=3 flamingo.label=X flamingo.device=/dev/sr0 flamingo.strict")))
        #expect(request.discovery.timeoutMilliseconds == 3000)
        #expect(request.discovery.labels == ["X"])
        #expect(request.source == .device("/dev/sr0"))
        #expect(request.strict)
    }

    /// The metadata services' arguments, flamingo's and the ones it reads from cloud-init and dracut.
    @Test func metadataServiceArgumentsApplyToARequest() {
        let options = BootOptions(KernelCommandLine("ro flamingo.datasource=Ec2 flamingo.metadata.timeout=4 flamingo.ec2.imdsv1=1 "
                                                    + "ds=nocloud;s=http://10.0.0.2/seed/ rd.neednet=1"))
        #expect(options.warnings.isEmpty)
        var request = RunRequest(sysroot: "/sysroot", source: .discover)
        request.apply(options)
        #expect(request.datasource == "Ec2" && request.metadataTimeoutMilliseconds == 4000)
        #expect(request.allowIMDSv1 && request.keepNetwork)
        #expect(request.seedArgument == "nocloud;s=http://10.0.0.2/seed/")
        let defaults = BootOptions(KernelCommandLine("ro rd.neednet=0 flamingo.metadata.timeout=-1"))
        #expect(!defaults.keepNetwork && defaults.metadataTimeoutSeconds == nil && !defaults.allowIMDSv1)
        #expect(defaults.warnings.count == 1 && defaults.warnings[0].contains("flamingo.metadata.timeout=-1"))
        // dracut's getargbool: bare is true, 0/no/off false, the last one counts.
        #expect(BootOptions(KernelCommandLine("ro rd.neednet")).keepNetwork)
        #expect(BootOptions(KernelCommandLine("rd.neednet=yes")).keepNetwork)
        #expect(!BootOptions(KernelCommandLine("rd.neednet=1 rd.neednet=off")).keepNetwork)
        #expect(!BootOptions(KernelCommandLine("ro")).keepNetwork)
    }

    /// `flamingo.datasource=` naming a drive's datasource looks for its drives only; an unknown
    /// name is kept for the run to refuse with the known names.
    @Test func aDrivesDatasourceNamesItsLabels() {
        var request = RunRequest(sysroot: "/sysroot", source: .discover)
        request.apply(BootOptions(KernelCommandLine("flamingo.datasource=configdrive")))
        #expect(request.datasource == nil && request.discovery.labels == ["config-2", "CONFIG-2"])
        var labelled = RunRequest(sysroot: "/sysroot", source: .discover)
        labelled.apply(BootOptions(KernelCommandLine("flamingo.datasource=NoCloud flamingo.label=seed")))
        #expect(labelled.datasource == nil && labelled.discovery.labels == ["seed"])
        var unknown = RunRequest(sysroot: "/sysroot", source: .discover)
        unknown.apply(BootOptions(KernelCommandLine("flamingo.datasource=Azure")))
        #expect(unknown.datasource == "Azure")
    }
}
