/// One run, start to end: discover → mount → read → plan → apply → record.
///
/// The drive is read completely into memory and unmounted before anything is planned, so it is
/// mounted for as short a time as possible. A missing drive ends the run with nothing written to
/// the sysroot. Whether a failure fails the run (exit 1) depends on who asked: a source the
/// operator named outside the initramfs, or `flamingo.strict=1` in it; otherwise it is logged and
/// recorded, and the boot goes on.
public final class Runner {
    let request: RunRequest
    let log: Log
    /// Where a dry run prints its plan.
    let output: (String) -> Void
    var report = RunReport()
    /// When `run()` began, on the monotonic clock.
    var startedAt = MonotonicClock.milliseconds()

    public init(request: RunRequest, log: Log, output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.request = request
        self.log = log
        self.output = output
    }

    public func run() -> RunReport {
        startedAt = MonotonicClock.milliseconds()
        report.mode = request.initrd ? "initrd" : "run"
        report.sysroot = request.sysroot
        report.dryRun = request.dryRun
        report.forced = request.force
        if request.initrd {
            // From here on a crash or the deadline ends the step as the failure policy says.
            let request = request
            SignalCleanup.decideExits { ExitStatus.run(.signal($0), initrd: true, strict: request.strict, sourceNamed: request.source.isForced) }
            armDeadline()
            waitForUdev()
        }
        var inputErrors = false
        if let reading = readInstance() {
            report.datasource = reading.instance.datasource
            report.source = reading.instance.source
            report.instanceID = reading.instance.instanceID
            inputErrors = reading.diagnostics.contains { $0.severity == .error }
            contextualize(reading.instance)
        }
        report.milliseconds = MonotonicClock.milliseconds() - startedAt
        log.info("run", "\(report.outcome) in \(ResultRecord.rounded(report.milliseconds)) ms")
        report.exitCode = ExitStatus.run(.completed(failed: report.failed || inputErrors), initrd: request.initrd,
                                         strict: request.strict, sourceNamed: request.source.isForced)
        writeHostRecord()
        SignalCleanup.endDecidedExits()
        return report
    }

    /// The initramfs step: records that `flamingo=0` switched it off, and does nothing else.
    public func recordDisabled() -> RunReport {
        report.mode = request.initrd ? "initrd" : "run"
        report.sysroot = request.sysroot
        report.disabled = true
        log.info("run", "disabled by flamingo=0 on the kernel command line: nothing done")
        writeHostRecord()
        return report
    }

    /// The initramfs run ends itself at a deadline — every wait it makes (a metadata service's included), plus two minutes for the
    /// work — so that the unit needs no systemd timeout (SIGALRM unmounts what is mounted first).
    private func armDeadline() {
        let waits = request.udevTimeoutMilliseconds + request.discovery.timeoutMilliseconds
            + request.dhcpTimeoutMilliseconds + request.metadataTimeoutMilliseconds
        let seconds = waits / 1000 + Defaults.workSeconds
        SignalCleanup.endAfter(seconds: seconds)
        log.debug("run", "deadline in \(seconds) s")
    }

    private func waitForUdev() {
        timed("udev") { () -> Bool? in
            if let waited = UdevQueue.waitUntilEmpty(timeoutMilliseconds: request.udevTimeoutMilliseconds) {
                log.debug("udev", "queue empty after \(ResultRecord.rounded(waited)) ms")
            } else {
                log.warning("udev", "queue still busy after \(request.udevTimeoutMilliseconds) ms; looking anyway")
            }
            return true
        }
    }

    /// `/run/flamingo/result.json`: the host side's copy, kept by the booted system (switch-root
    /// moves /run). A dry run writes nothing.
    private func writeHostRecord() {
        guard !request.dryRun, let directory = request.runDirectory else { return }
        do {
            try FileSystem.makeDirectory(directory, mode: FlamingoPaths.runDirectoryMode, existingIsFine: true)
            let host = try Sysroot(path: directory)
            try host.writeFile(FlamingoPaths.resultFileName, contents: ResultRecord.json(report).bytes(),
                               mode: FileMode(0o644), owner: .root)
        } catch {
            log.error("record", "\(directory)/\(FlamingoPaths.resultFileName): \(error)")
        }
    }

    /// Runs one step, records its status, time and messages; an error is logged and gives nil.
    @discardableResult
    func timed<T>(_ name: String, _ body: () throws -> T?) -> T? {
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
                                           messages: log.entries[before...].map(\.recorded)))
        return value
    }
}

/// A step that did part of its work: recorded as failed, the run goes on.
struct PartialFailure: Error, CustomStringConvertible {
    let description: String
}
