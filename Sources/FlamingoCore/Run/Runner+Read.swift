/// discover → mount → read; with no drive, identify → connect → fetch.
extension Runner {
    func readInstance() -> DatasourceReading? {
        switch request.source {
        case .seed(let directory):
            return timed("read") { try read(DriveContents(directory: directory)) }
        case .device(let device):
            guard waitForDeviceNode(device) else { return nil }
            return mountAndRead(device: device, fsType: request.deviceFsType)
        case .discover:
            // A metadata service the operator named: no drive is looked for.
            if request.datasource != nil || request.metadataURL != nil { return readService() }
            let candidates: [DriveCandidate]? = timed("discover") {
                let found = DriveDiscovery(options: request.discovery, log: log).waitForDrives()
                guard !found.isEmpty else {
                    log.info("discover", "no config drive with label \(request.discovery.labels.joined(separator: ", ")) "
                             + "after \(request.discovery.timeoutMilliseconds) ms")
                    return nil
                }
                for candidate in found {
                    log.info("discover", "\(candidate.device): label \(candidate.label), \(candidate.fsType)")
                }
                return found
            }
            // Several drives: the first that can be read wins, as cloud-init tries each in turn.
            // A drive, readable or not, wins over a metadata service (cloud-init's order).
            guard let candidates else {
                // Local before the network: the firmware's entries (qemu's fw_cfg).
                for source in DatasourceRegistry.firmware {
                    let path = request.firmwareConfigPath ?? source.defaultPath
                    guard FileStatus.exists(path) else { continue }
                    let reading: DatasourceReading? = timed(source.name) {
                        let reading = try source.read(path: path)
                        if let reading {
                            log.info(source.name, "\(reading.instance.source): \(reading.instance.userData?.bytes.count ?? 0) bytes, instance \(reading.instance.instanceID ?? "")")
                        }
                        return reading
                    }
                    if let reading { return reading }
                }
                return readService()
            }
            for candidate in candidates {
                if let reading = mountAndRead(device: candidate.device, fsType: candidate.fsType) { return reading }
            }
            return nil
        }
    }

    /// No drive: the cloud the machine's DMI strings (or `ds=`) name, read over HTTP — with an
    /// address from DHCP in the initramfs, taken away again before the run goes on. A machine
    /// that is no known cloud costs a few small sysfs reads, and nothing waits on the network.
    func readService() -> DatasourceReading? {
        var machine = MachineIdentity.read(dmi: request.dmiDirectory, ds: request.seedArgument)
        machine.allowsIMDSv1 = request.allowIMDSv1
        if !request.macs.isEmpty, let names = try? InterfaceNames(arguments: request.macs) {
            // `--mac NAME=MAC` stands for /sys/class/net here too (a rescue shell, tests).
            machine.interfaces = names.entries.enumerated().map { NetworkLink(name: $1.name, mac: $1.mac, index: $0 + 1, isPhysical: true) }
        }
        let identified: (name: String, endpoint: HTTPURL)? = timed("identify") { try identifyService(machine) }
        guard let identified, let service = DatasourceRegistry.service(named: identified.name) else { return nil }
        return readService(service, machine, endpoint: identified.endpoint)
    }

    /// The service to read and its address: the one asked for, else the one the machine's
    /// identity names; nil when the machine is no known cloud.
    private func identifyService(_ machine: MachineIdentity) throws -> (name: String, endpoint: HTTPURL)? {
        let service: any MetadataService.Type
        if let name = request.datasource {
            guard let named = DatasourceRegistry.service(named: name) else {
                throw Diagnostic(.error, file: "flamingo.datasource", mark: nil,
                                 "unknown datasource \"\(name)\" (drives: \(DatasourceRegistry.all.map { $0.name }.joined(separator: ", ")); metadata services: \(DatasourceRegistry.serviceNames))")
            }
            service = named
            log.info("identify", "\(service.name), as asked")
        } else if let recognised = DatasourceRegistry.identify(machine) {
            service = recognised
            log.info("identify", "\(service.name): \(service.identifiedBy)")
        } else {
            log.info("identify", "no known cloud (\(machine.summary)): nothing to do")
            return nil
        }
        return (service.name, try request.metadataURL ?? service.endpoint(machine))
    }

    /// The service's reading, with the network brought up for it in the initramfs.
    private func readService<Service: MetadataService>(_ service: Service.Type, _ machine: MachineIdentity,
                                                       endpoint: HTTPURL) -> DatasourceReading? {
        var network: EphemeralNetwork?
        if request.initrd && request.metadataURL == nil {
            network = timed("connect") {
                let up = try EphemeralNetwork.bringUp(interfaces: machine.interfaces,
                                                      deadline: MonotonicClock.milliseconds() + Double(request.dhcpTimeoutMilliseconds), log: log)
                log.info("connect", up.summary)
                return up
            }
            guard network != nil else { return nil }
            TestHooks.pause(at: "after-connect")
        }
        defer {
            if let network {
                if request.keepNetwork {
                    network.keep()
                    log.info("connect", "kept for the booted system (rd.neednet=1)")
                } else {
                    network.tearDown()
                    log.debug("connect", "address and routes removed")
                }
            }
        }
        return timed("fetch") {
            let client = MetadataClient(base: endpoint, deadline: MonotonicClock.milliseconds() + Double(request.metadataTimeoutMilliseconds), log: log)
            var reading = try Service.read(client, machine: machine)
            prefetchIgnitionSources(&reading.instance, deadline: client.deadline)
            log.info("fetch", "\(endpoint): \(Service.name), instance \(reading.instance.instanceID ?? "(none)") (\(client.requestCount) requests on \(client.connectionCount) connection\(client.connectionCount == 1 ? "" : "s"))")
            for diagnostic in reading.diagnostics { log.report("fetch", diagnostic) }
            return reading
        }
    }

    /// An Ignition config's http sources (configs it merges, file contents), fetched while the
    /// service's network is up; the run serves them from the instance data (docs/ignition.md).
    /// Each goes to its own host without the service's headers (no token leaves the service).
    private func prefetchIgnitionSources(_ instance: inout InstanceData, deadline: Double) {
        guard let userData = instance.userData, IgnitionDocument.looksLikeIgnition(userData.bytes),
              let document = try? IgnitionDocument(parsing: userData), !document.hasErrors else { return }
        instance.fetchedSources = IgnitionFetcher.prefetch(document) { url, headers in
            let client = MetadataClient(base: HTTPURL(host: url.host, port: url.port, path: "/"), deadline: deadline, log: self.log)
            let response = try client.exchange("GET", url.path, extraHeaders: headers, limit: IgnitionFetcher.limit)
            guard response.status == 200 else { throw IgnitionSourceError("\(url): \(response.status) \(response.reason)") }
            return response.body
        }
        let count = instance.fetchedSources.count
        if count > 0 { log.info("fetch", "\(count) http source\(count == 1 ? "" : "s") of the Ignition config fetched") }
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
