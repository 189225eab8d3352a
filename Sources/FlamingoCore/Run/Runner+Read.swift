/// discover → mount → read.
extension Runner {
    func readInstance() -> DatasourceReading? {
        switch request.source {
        case .seed(let directory):
            return timed("read") { try read(DriveContents(directory: directory)) }
        case .device(let device):
            guard waitForDeviceNode(device) else { return nil }
            return mountAndRead(device: device, fsType: request.deviceFsType)
        case .discover:
            let candidates: [DriveCandidate]? = timed("discover") {
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
                if let reading = mountAndRead(device: candidate.device, fsType: candidate.fsType) { return reading }
            }
            return nil
        }
    }

    /// A named device may appear late (`flamingo.device=` with `flamingo.timeout=`): wait for its node.
    private func waitForDeviceNode(_ device: String) -> Bool {
        timed("discover") { () -> Bool? in
            let deadline = MonotonicClock.milliseconds() + Double(request.discovery.timeoutMilliseconds)
            while !FileStatus.exists(device) {
                if MonotonicClock.milliseconds() >= deadline {
                    throw SystemError("wait for device", path: device, code: .noSuchFile)
                }
                MonotonicClock.sleep(milliseconds: request.discovery.pollIntervalMilliseconds)
            }
            return true
        } != nil
    }

    private func mountAndRead(device: String, fsType: String?) -> DatasourceReading? {
        let mounted: MountedDrive? = timed("mount") {
            let drive = try MountedDrive(source: device, fsType: fsType,
                                         runDirectory: request.runDirectory ?? FlamingoPaths.runDirectory)
            log.debug("mount", "\(device): mounted on \(drive.directory) (\(MountedDrive.options))")
            return drive
        }
        guard let mounted else { return nil }
        TestHooks.pause(at: "after-mount")
        defer {
            do { try mounted.unmount() } catch { log.error("mount", "\(device): \(error)") }
        }
        return timed("read") { try read(DriveContents(directory: mounted.directory, name: device)) }
    }

    private func read(_ drive: DriveContents) throws -> DatasourceReading {
        guard let datasource = try DatasourceRegistry.detect(drive) else {
            throw Diagnostic(.error, file: drive.name, mark: nil,
                             "no known datasource layout (expected \(DatasourceRegistry.layouts))")
        }
        let reading = try datasource.read(drive)
        log.info("read", "\(drive.name): \(datasource.name), instance \(reading.instance.instanceID ?? "(none)")")
        for diagnostic in reading.diagnostics { log.report("read", diagnostic) }
        return reading
    }
}
