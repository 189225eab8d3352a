import Testing
@testable import FlamingoCore

/// Every documented exit status (docs/usage.md, docs/boot.md), from the one mapping.
@Suite struct ExitStatusTests {
    @Test func theInitramfsStepStopsTheBootOnlyUnderStrict() {
        for sourceNamed in [false, true] {
            #expect(ExitStatus.run(.completed(failed: false), initrd: true, strict: false, sourceNamed: sourceNamed) == 0)
            #expect(ExitStatus.run(.completed(failed: false), initrd: true, strict: true, sourceNamed: sourceNamed) == 0)
            #expect(ExitStatus.run(.completed(failed: true), initrd: true, strict: false, sourceNamed: sourceNamed) == 0)
            #expect(ExitStatus.run(.completed(failed: true), initrd: true, strict: true, sourceNamed: sourceNamed) == 1)
        }
    }

    @Test func aCrashOrTheDeadlineInTheInitramfsFollowsStrictToo() {
        for signal in SignalCleanup.crashes + SignalCleanup.terminating {
            #expect(ExitStatus.run(.signal(signal), initrd: true, strict: false, sourceNamed: false) == 0)
            #expect(ExitStatus.run(.signal(signal), initrd: true, strict: true, sourceNamed: true) == 1)
        }
    }

    @Test func aRescueRunFailsWhenTheOperatorNamedTheSourceOrAskedForStrictness() {
        #expect(ExitStatus.run(.completed(failed: true), initrd: false, strict: false, sourceNamed: false) == 0)
        #expect(ExitStatus.run(.completed(failed: true), initrd: false, strict: false, sourceNamed: true) == 1)
        #expect(ExitStatus.run(.completed(failed: true), initrd: false, strict: true, sourceNamed: false) == 1)
        #expect(ExitStatus.run(.completed(failed: false), initrd: false, strict: true, sourceNamed: true) == 0)
        #expect(ExitStatus.run(.signal(15), initrd: false, strict: true, sourceNamed: true) == 143)
        #expect(ExitStatus.run(.signal(4), initrd: false, strict: false, sourceNamed: false) == 132)
    }

    @Test func statusValidateAndProbe() {
        #expect(ExitStatus.status(recordFound: false, runFailed: false) == 2)
        #expect(ExitStatus.status(recordFound: true, runFailed: true) == 1)
        #expect(ExitStatus.status(recordFound: true, runFailed: false) == 0)
        #expect(ExitStatus.validate(unreadable: true, errors: true) == 2)
        #expect(ExitStatus.validate(unreadable: false, errors: true) == 1)
        #expect(ExitStatus.validate(unreadable: false, errors: false) == 0)
        #expect(ExitStatus.probe(found: false) == 1 && ExitStatus.probe(found: true) == 0)
        #expect(ExitStatus.usage == 64 && ExitStatus.signal(2) == 130)
    }

    /// The dracut unit and hook read no kernel argument: every spelling of strictness is
    /// flamingo's to understand (the old wrapper knew only `flamingo.strict=1` and a bare flag).
    @Test func everySpellingOfStrict() {
        for yes in ["flamingo.strict", "flamingo.strict=1", "flamingo.strict=yes", "flamingo.strict=true", "flamingo.strict=on",
                    "flamingo.strict=0 flamingo.strict=1"] {
            #expect(BootOptions(KernelCommandLine("quiet \(yes) ro")).strict, "\(yes)")
        }
        for no in ["", "flamingo.strict=0", "flamingo.strict=no", "flamingo.strict=false", "flamingo.strict=off",
                   "flamingo.strictly=1", "xflamingo.strict=1", "\"flamingo.debug flamingo.strict=1\""] {
            #expect(!BootOptions(KernelCommandLine("quiet \(no) ro")).strict, "\(no)")
        }
    }
}

/// Which mounts a run changes, from mountinfo lines as the initramfs has them.
@Suite struct SysrootMountsTests {
    @Test func mountinfoCarriesBothReadOnlyFlags() {
        let table = MountTable(text: """
            22 1 0:21 / / rw,relatime - rootfs rootfs rw
            40 22 254:1 / /sysroot ro,relatime - ext4 /dev/vda1 ro,seclabel
            41 40 254:1 /etc /sysroot/etc rw,relatime - ext4 /dev/vda1 ro
            42 40 254:1 /ostree/deploy/os/var /sysroot/var ro,nosuid - ext4 /dev/vda1 rw
            """)
        let sysroot = try! #require(table.mount(at: "/sysroot"))
        #expect(sysroot.readOnly && sysroot.superblockReadOnly && sysroot.mountPointReadOnly)
        let etc = try! #require(table.mount(at: "/sysroot/etc"))
        #expect(etc.readOnly && etc.superblockReadOnly && !etc.mountPointReadOnly)
        let variable = try! #require(table.mount(at: "/sysroot/var"))
        #expect(variable.readOnly && !variable.superblockReadOnly && variable.options == ["ro", "nosuid"])
        #expect(table.containing("/sysroot/etc/hostname")?.mountPoint == "/sysroot/etc")
        #expect(table.containing("/sysroot/etcetera")?.mountPoint == "/sysroot")
        #expect(table.containing("/run")?.mountPoint == "/")
    }

    @Test func onlyTheMountsARunWritesThroughAreMadeWritable() {
        // An ostree deployment booted ro with sysroot.readonly: /usr and the physical root stay.
        let table = MountTable(text: """
            22 1 0:21 / / rw - rootfs rootfs rw
            40 22 254:1 /ostree/deploy/os/deploy/abc.0 /sysroot ro - ext4 /dev/vda1 ro
            43 40 254:1 / /sysroot/sysroot ro - ext4 /dev/vda1 ro
            44 40 254:1 /ostree/deploy/os/deploy/abc.0/usr /sysroot/usr ro - ext4 /dev/vda1 ro
            45 40 254:1 /ostree/deploy/os/deploy/abc.0/etc /sysroot/etc rw - ext4 /dev/vda1 ro
            46 40 0:5 / /sysroot/dev rw - devtmpfs devtmpfs rw
            47 40 254:1 /ostree/deploy/os/var /sysroot/var ro - ext4 /dev/vda1 ro
            48 40 254:2 / /sysroot/boot ro - ext4 /dev/vda2 ro
            49 40 7:1 / /sysroot/var/lib/snapd/snap/core ro - squashfs /dev/loop1 ro
            """)
        let mounts = SysrootMounts(sysroot: "/sysroot")
        #expect(mounts.readOnlyMounts(table).map(\.mountPoint) == ["/sysroot", "/sysroot/etc", "/sysroot/var"])
        #expect(SysrootMounts(sysroot: "/elsewhere").readOnlyMounts(table).isEmpty)
    }

    @Test func separateFilesystemsFromFstab() {
        let fstab = FstabEntry.entries("""
            # /etc/fstab
            UUID=1111 / xfs defaults 0 0
            UUID=2222 /boot xfs defaults 0 0
            UUID=3333 /boot/efi vfat umask=0077 0 2
            LABEL=home /home ext4 defaults 0 2
            /dev/vg/var /var/ xfs defaults 0 0
            PARTUUID=44 /var/log ext4 defaults 0 0
            /dev/vg/swap none swap sw 0 0
            tmpfs /tmp tmpfs defaults 0 0
            server:/export /srv nfs defaults 0 0
            /dev/vdc /data ext4 noauto 0 0
            /dev/vdd /net ext4 _netdev 0 0
            /srv/a /srv/b none bind 0 0
            LABEL=with\\040space /opt/with\\040space ext4
            /dev/vdb1\t/mnt\tauto\tdefaults,nofail,x-systemd.after=cloud-init.service,_netdev,comment=cloudconfig\t0\t2
            /dev/vdc1\t/data\text4\tdefaults,nofail,comment=cloudconfig\t0\t2
            """)
        let table = MountTable(text: """
            40 22 254:1 / /sysroot rw - xfs /dev/vda1 rw
            41 40 254:3 / /sysroot/home rw - ext4 /dev/vdb rw
            """)
        let wanted = SysrootMounts.separateFilesystems(fstab, sysroot: "/sysroot", table: table)
        #expect(wanted.map(\.mountPoint) == ["/var", "/var/log", "/opt/with space"])
        #expect(wanted.first?.spec == "/dev/vg/var" && wanted.first?.type == "xfs" && wanted.first?.line == 6)
        #expect(wanted.last?.options == ["defaults"])
    }
}
