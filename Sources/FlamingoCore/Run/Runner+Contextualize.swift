/// plan → apply → record, inside the sysroot.
extension Runner {
    func contextualize(_ instance: InstanceData) {
        guard let sysroot: Sysroot = timed("sysroot", { try Sysroot(path: request.sysroot) }) else { return }
        // Directory entries reach the disk once, at the end (see Sysroot.syncsAtEndOfRun).
        sysroot.syncsAtEndOfRun = true
        let mounts = SysrootMounts(sysroot: request.sysroot)
        defer { restore(mounts) }
        guard prepare(mounts, sysroot) else { return }
        TestHooks.pause(at: "writable")
        let state = RunState(sysroot: sysroot, modules: ModuleRegistry.all.map { $0.name })
        report.previousInstanceID = state.previousInstanceID
        let applier = Applier(sysroot: sysroot, log: log)
        if report.ostreeVar != nil { applyStep("ostree", Self.ostreeHomeDirectories(sysroot), applier) }

        let userData = readUserData(instance)
        let context = PlanContext(instance: instance, sysroot: sysroot, config: userData.config, scripts: userData.scripts)
        context.networkRenderer = request.networkRenderer
        if !request.macs.isEmpty, let names = try? InterfaceNames(arguments: request.macs) { context.interfaceNames = names }
        // Each module's mark, written with the record at the end (one batch of syncs, not two per
        // module); a crash before then runs the modules again, and each finds its work in place.
        var marks: [Action] = []
        for module in ModuleRegistry.all {
            let start = MonotonicClock.milliseconds()
            let before = log.entries.count
            let decision = state.decide(module.name, module.frequency, instanceID: instance.instanceID, force: request.force)
            var status = RunReport.Status.skipped
            if decision.run {
                status = runModule(module, context, applier, marks: &marks)
            } else {
                log.debug(module.name, decision.reason)
            }
            report.steps.append(RunReport.Step(
                name: module.name, status: status, milliseconds: MonotonicClock.milliseconds() - start,
                messages: log.entries[before...].map(\.recorded), frequency: module.frequency, reason: decision.reason))
        }

        var bookkeeping = marks
        if let id = instance.instanceID {
            bookkeeping.append(.writeFile(FileWrite(path: FlamingoPaths.instanceIDFile, text: id + "\n", mode: FileMode(0o644), owner: .root)))
        }
        report.milliseconds = MonotonicClock.milliseconds() - startedAt  // so far: the sysroot's record is written now
        applyStep("record", bookkeeping + ResultRecord.actions(report, sysroot: sysroot), applier)

        // Last, so that the records are labelled too (the sysroot's record cannot list this step;
        // the host side's /run/flamingo/result.json does).
        if let fileContexts = SELinuxRelabel.fileContexts(sysroot), !applier.changedPaths.isEmpty, !request.dryRun {
            timed("selinux") { () -> Bool? in
                let handOff = SELinuxRelabel.relabel(applier.changedPaths, sysroot: sysroot, fileContexts: fileContexts, log: log)
                return applier.apply(handOff, step: "selinux").contains(.failed) ? nil : true
            }
        }
        // The deferred directory syncs: a step of its own, so that a failure (EIO) fails the run
        // instead of leaving an "ok" record for writes that may not be on disk.
        if !request.dryRun {
            timed("sync") { () -> Bool? in
                try sysroot.syncAll()
                return true
            }
        }
    }

    /// user-data and vendor-data → the typed cloud-config, every problem logged with its location.
    private func readUserData(_ instance: InstanceData) -> (config: CloudConfig, scripts: [UserDataPart]) {
        guard instance.userData != nil || instance.vendorData != nil || instance.vendorData2 != nil else { return (CloudConfig(), []) }
        if let userData = instance.userData, IgnitionDocument.looksLikeIgnition(userData.bytes) {
            return (readIgnition(userData, fetched: instance.fetchedSources), [])
        }
        var result = (config: CloudConfig(), scripts: [UserDataPart]())
        timed("cloud-config") { () -> Bool? in
            let bundle = UserDataBundle(userData: instance.userData, vendorData: instance.vendorData, vendorData2: instance.vendorData2)
            let decoder = CloudConfigDecoder(bundle)
            for diagnostic in decoder.diagnostics { log.report("cloud-config", diagnostic) }
            result = (decoder.config, bundle.scripts)
            if decoder.diagnostics.contains(where: { $0.severity == .error }) {
                throw PartialFailure(description: "invalid values were skipped; the rest is applied")
            }
            return true
        }
        return result
    }

    /// user-data that is an Ignition config → the same typed settings (docs/ignition.md). It is
    /// applied whole or not at all: one error anywhere (its own, a referenced config's, data that
    /// cannot be read) and nothing of it is used; vendor-data is not read beside it (Ignition has
    /// none). The metadata's hostname and keys still apply, as for any user-data.
    private func readIgnition(_ userData: RawInput, fetched: [String: FetchedSource]) -> CloudConfig {
        var config = CloudConfig()
        timed("ignition") { () -> Bool? in
            let document = try IgnitionDocument(parsing: userData)
            for diagnostic in document.diagnostics { log.report("ignition", diagnostic) }
            let refusal = "the Ignition config is refused as a whole: nothing of it is applied"
            guard !document.hasErrors else { throw PartialFailure(description: refusal) }
            let fetcher = IgnitionFetcher.serving(fetched)
            do {
                let rendered = try document.rendered(fetcher)
                let input = try IgnitionInput.cloudConfig(rendered, fetcher: fetcher)
                for diagnostic in input.warnings { log.report("ignition", diagnostic) }
                config = input.config
                log.info("ignition", "spec \(document.version): \(rendered.users.count) users, \(rendered.groups.count) groups, "
                         + "\(rendered.files.count) files, \(rendered.directories.count) directories, \(rendered.links.count) links, "
                         + "\(rendered.units.count) units")
            } catch let refused as IgnitionRefusal {
                for diagnostic in refused.diagnostics { log.report("ignition", diagnostic) }
                throw PartialFailure(description: refusal)
            }
            return true
        }
        return config
    }

    /// Plans and applies one module; on success, adds the mark that records it done for its frequency.
    private func runModule(_ module: any Module.Type, _ context: PlanContext, _ applier: Applier, marks: inout [Action]) -> RunReport.Status {
        let plan: ModulePlan
        do {
            plan = try module.plan(context)
        } catch {
            log.error(module.name, "\(error)")
            return .failed
        }
        for note in plan.notes { log.info(module.name, note) }
        for diagnostic in plan.diagnostics { log.report(module.name, diagnostic) }
        var failed = plan.diagnostics.contains { $0.severity == .error }
        if request.dryRun {
            output(Applier.describe(plan.actions))
        } else if applier.apply(plan.actions, step: module.name).contains(.failed) {
            failed = true
        }
        if !failed, !request.dryRun,
           let mark = RunState.markAction(module.name, module.frequency, instanceID: context.instance.instanceID) {
            marks.append(mark)
        }
        if failed { return .failed }
        return plan.actions.isEmpty ? .skipped : .ok
    }

    /// A step of flamingo's own (not a module): applied, or printed for a dry run.
    private func applyStep(_ name: String, _ actions: [Action], _ applier: Applier) {
        guard !actions.isEmpty else { return }
        if request.dryRun {
            log.debug(name, "dry run: \(actions.count) actions not applied")
            return
        }
        timed(name) { () -> Bool? in
            applier.apply(actions, step: name).contains(.failed) ? nil : true
        }
    }

    /// The mounts the run writes through, before anything is written: the separate filesystems
    /// of the root's fstab, an ostree deployment's stateroot var, then read-write. False when the
    /// run must not write at all (a filesystem that would hide what is written could not be mounted,
    /// or the root cannot be made writable).
    private func prepare(_ mounts: SysrootMounts, _ sysroot: Sysroot) -> Bool {
        var fstab: [FstabEntry] = []
        do {
            fstab = FstabEntry.entries(try sysroot.readText("/etc/fstab") ?? "")
        } catch {
            log.warning("fstab", "/etc/fstab: \(error); no separate filesystem is mounted for the run")
        }
        let separate = SysrootMounts.separateFilesystems(fstab, sysroot: mounts.sysroot, table: MountTable.current())
        if !separate.isEmpty {
            timed("fstab") { () -> Bool? in
                for entry in separate { try mountForRun(entry, mounts, sysroot) }
                return true
            }
            if report.steps.last?.status == .failed { return false }
        }
        // ostree's own generator leaves /var alone when fstab mounts one, and so does flamingo.
        if !fstab.contains(where: { $0.mountPoint == "/var" }),
           let varDirectory = OstreeVar.locate(sysroot: request.sysroot, ostreeArgument: request.ostreeArgument) {
            report.ostreeVar = varDirectory
            timed("ostree") { () -> Bool? in
                let target = try mounts.mount(varDirectory, at: "/var", in: sysroot.confinedRoot, fsType: nil, options: "bind")
                log.info("ostree", "\(varDirectory): bound on \(target) for this run (the booted system mounts it on /var)")
                return true
            }
            if report.steps.last?.status == .failed { return false }
        }
        guard !request.dryRun else { return true }
        let readOnly = mounts.readOnlyMounts()
        guard !readOnly.isEmpty else { return true }
        timed("remount") { () -> Bool? in
            let result = try mounts.makeWritable()
            for line in result.changed { log.info("remount", line) }
            for line in result.left { log.warning("remount", line) }
            return true
        }
        return report.steps.last?.status != .failed
    }

    /// Mounts one fstab entry for the run. One that cannot be mounted stops the run before it
    /// writes anything — unless fstab says `nofail`: then the booted system goes without it too.
    private func mountForRun(_ entry: FstabEntry, _ mounts: SysrootMounts, _ sysroot: Sysroot) throws {
        var options = entry.options.filter { $0 != "defaults" }
        if request.dryRun { options.append("ro") }
        do {
            let target = try mounts.mount(entry.spec, at: entry.mountPoint, in: sysroot.confinedRoot,
                                          fsType: entry.type == "auto" ? nil : entry.type, options: options.joined(separator: ","))
            log.info("fstab", "\(entry.mountPoint): \(entry.spec) mounted on \(target) for the run (the root's fstab lists it; the initramfs had not mounted it)")
        } catch where entry.options.contains("nofail") {
            log.warning("fstab", "/etc/fstab:\(entry.line): \(entry.mountPoint): \(entry.spec) (nofail) not mounted: \(error); what is written below \(entry.mountPoint) stays on the root filesystem, as it would in the booted system")
        } catch {
            throw PartialFailure(description: "/etc/fstab:\(entry.line): \(entry.mountPoint): the root's fstab mounts \(entry.spec) there, which could not be mounted for the run: \(error); nothing is written (the booted system would hide it under that mount)")
        }
    }

    /// Puts every mount back as the boot left it: a step of its own when there was anything to undo.
    private func restore(_ mounts: SysrootMounts) {
        guard !mounts.changes.isEmpty else { return }
        timed("restore") { () -> Bool? in
            let count = mounts.changes.count
            let problems = mounts.undo()
            guard problems.isEmpty else { throw PartialFailure(description: "mounts not restored: " + problems.joined(separator: "; ")) }
            log.info("restore", "\(count) mount change\(count == 1 ? "" : "s") undone: the mounts are as the boot left them")
            return true
        }
    }
}

extension Runner {
    /// `/var/home` and `/var/roothome`, which `/home` and `/root` link to on ostree systems, do not
    /// exist on a first boot (systemd-tmpfiles makes them later): create the missing ones.
    static func ostreeHomeDirectories(_ sysroot: SysrootView) -> [Action] {
        var actions: [Action] = []
        for (path, mode) in [("/var/home", FileMode(0o755)), ("/var/roothome", FileMode(0o700))] {
            if (try? sysroot.statusFollowing(path)) ?? nil == nil {
                actions.append(.makeDirectory(path: path, mode: mode, owner: .root))
            }
        }
        return actions
    }
}
