/// One run, start to end: discover → mount → read → plan → apply.
///
/// The drive is read completely into memory and unmounted before anything is planned, so it is
/// mounted for as short a time as possible. A missing drive ends the run with nothing done; a
/// drive found by discovery that cannot be used is logged and never fails the run (the boot must
/// go on), while one the operator named does.
public struct Runner {
    let request: RunRequest
    let log: Log
    /// Where a dry run prints its plan.
    let output: (String) -> Void

    public init(request: RunRequest, log: Log, output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.request = request
        self.log = log
        self.output = output
    }

    public func run() -> RunReport {
        var report = RunReport()
        guard let reading = readInstance(&report) else {
            report.exitCode = report.failed && request.source.isForced ? 1 : 0
            return report
        }
        report.datasource = reading.instance.datasource
        report.source = reading.instance.source
        report.instanceID = reading.instance.instanceID
        contextualize(reading.instance, &report)
        let hasErrors = reading.diagnostics.contains { $0.severity == .error }
        report.exitCode = (report.failed || hasErrors) && request.source.isForced ? 1 : 0
        return report
    }

    // MARK: - discover, mount, read

    private func readInstance(_ report: inout RunReport) -> DatasourceReading? {
        switch request.source {
        case .seed(let directory):
            return timed("read", &report) { try read(DriveContents(directory: directory)) }
        case .device(let device):
            return mountAndRead(device: device, fsType: request.deviceFsType, &report)
        case .discover:
            let candidates: [DriveCandidate]? = timed("discover", &report) {
                let found = DriveDiscovery(options: request.discovery, log: log).waitForDrives()
                guard !found.isEmpty else {
                    log.info("discover", "no config drive with label \(request.discovery.labels.joined(separator: ", ")) "
                             + "after \(request.discovery.timeoutMilliseconds) ms: nothing to do")
                    return nil
                }
                for candidate in found {
                    log.info("discover", "\(candidate.device): label \(candidate.label), \(candidate.fsType)")
                }
                return found
            }
            // Several drives: the first that can be read wins, as cloud-init tries each in turn.
            for candidate in candidates ?? [] {
                if let reading = mountAndRead(device: candidate.device, fsType: candidate.fsType, &report) {
                    return reading
                }
            }
            return nil
        }
    }

    private func mountAndRead(device: String, fsType: String?, _ report: inout RunReport) -> DatasourceReading? {
        let mounted: MountedDrive? = timed("mount", &report) {
            let drive = try MountedDrive(source: device, fsType: fsType, runDirectory: request.runDirectory)
            log.debug("mount", "\(device): mounted on \(drive.directory) (\(MountedDrive.options))")
            return drive
        }
        guard let mounted else { return nil }
        TestHooks.pause(at: "after-mount")
        defer {
            do { try mounted.unmount() } catch { log.error("mount", "\(device): \(error)") }
        }
        return timed("read", &report) { try read(DriveContents(directory: mounted.directory, name: device)) }
    }

    private func read(_ drive: DriveContents) throws -> DatasourceReading {
        guard let datasource = DatasourceRegistry.detect(drive) else {
            throw Diagnostic(.error, file: drive.name, mark: nil,
                             "no known datasource layout (expected meta-data, or openstack/<version>/meta_data.json)")
        }
        let reading = try datasource.read(drive)
        log.info("read", "\(drive.name): \(datasource.name), instance \(reading.instance.instanceID ?? "(none)")")
        for diagnostic in reading.diagnostics { log.report("read", diagnostic) }
        return reading
    }

    // MARK: - plan, apply

    private func contextualize(_ instance: InstanceData, _ report: inout RunReport) {
        let sysroot: Sysroot? = timed("sysroot", &report) { try Sysroot(path: request.sysroot) }
        guard let sysroot else { return }
        let plan = Planner.plan(PlanContext(instance: instance, sysroot: sysroot))
        let applier = Applier(sysroot: sysroot, log: log)
        for step in plan.steps {
            let start = MonotonicClock.milliseconds()
            let before = log.entries.count
            var status = RunReport.Status.ok
            switch step.result {
            case .failure(let failure):
                log.error(step.module, failure.description)
                status = .failed
            case .success(let modulePlan):
                for note in modulePlan.notes { log.info(step.module, note) }
                for diagnostic in modulePlan.diagnostics { log.report(step.module, diagnostic) }
                if modulePlan.diagnostics.contains(where: { $0.severity == .error }) { status = .failed }
                if modulePlan.actions.isEmpty && status == .ok { status = .skipped }
                if request.dryRun {
                    output(Applier.describe(modulePlan.actions))
                } else if applier.apply(modulePlan.actions, step: step.module).contains(.failed) {
                    status = .failed
                }
            }
            report.steps.append(RunReport.Step(
                name: step.module, status: status, milliseconds: MonotonicClock.milliseconds() - start,
                messages: log.entries[before...].map { $0.message }))
        }
    }

    /// Runs one step, records its status, time and messages; an error is logged and gives nil.
    private func timed<T>(_ name: String, _ report: inout RunReport, _ body: () throws -> T?) -> T? {
        let start = MonotonicClock.milliseconds()
        let before = log.entries.count
        var status = RunReport.Status.ok
        var value: T?
        do {
            value = try body()
            if value == nil { status = .skipped }
        } catch let diagnostic as Diagnostic {
            log.report(name, diagnostic)
            status = .failed
        } catch {
            log.error(name, "\(error)")
            status = .failed
        }
        report.steps.append(RunReport.Step(name: name, status: status, milliseconds: MonotonicClock.milliseconds() - start,
                                           messages: log.entries[before...].map { $0.message }))
        return value
    }
}
