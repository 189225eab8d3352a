/// `network`: the drive's network description (network_data.json or network-config; cloud-init's
/// DHCP fallback when there is none) rendered for the sysroot's network stack, physical NICs bound
/// to their MAC as the kernel shows them now. A re-run replaces flamingo's own files only: files it
/// wrote before that the new description no longer has are removed.
public enum Network: Module {
    public static let name = "network"
    public static let frequency = Frequency.perInstance
    /// It reads no cloud-config key of its own.
    public static let configKeys: [ConfigKey] = []

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let names = context.interfaceNames
        let config: NetworkConfig
        let described = context.instance.networkConfig != nil
        if let input = context.instance.networkConfig {
            let (result, diagnostics) = NetworkInput.parse(input, format: nil, names: names)
            plan.diagnostics += diagnostics
            switch result {
            case .disabled?:
                plan.notes.append("network config: disabled: the image's network configuration is left alone")
                return plan
            case .config(let parsed)?:
                if diagnostics.contains(where: { $0.severity == .error }) {
                    plan.notes.append("the network description has errors: nothing written (the image's configuration stays)")
                    return plan
                }
                config = parsed
            case nil:
                return plan
            }
        } else if let fallback = NetworkInput.fallback(names) {
            plan.notes.append("no network description: DHCP on \(fallback.interfaces[0].name), as cloud-init's fallback")
            config = fallback
        } else {
            plan.notes.append("no network description and no physical NIC: nothing to do")
            return plan
        }
        let choice = RendererDetection.choose(context.sysroot, override: context.networkRenderer)
        guard let renderer = choice.renderer else {
            // Not the instance's fault, and the image may configure its network itself: say so, go on.
            if described {
                plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil,
                                                   "network: \(choice.why); the network description is not applied"))
            } else {
                plan.notes.append("\(choice.why): nothing to do")
            }
            return plan
        }
        plan.notes.append("renderer \(renderer.name): \(choice.why)")
        let files = renderer.render(config)
        plan.actions += files.map(Action.writeFile)
        plan.actions += try staleFiles(keeping: Set(files.map(\.path)), context.sysroot).map { .remove(path: $0) }
        return plan
    }

    /// flamingo's earlier files, in every renderer's place, that this render does not write again.
    static func staleFiles(keeping current: Set<String>, _ sysroot: SysrootView) throws -> [String] {
        let places: [(String, (String) -> Bool)] = [
            (NetworkManagerKeyfiles.directory, { $0.hasPrefix("flamingo-") && $0.hasSuffix(".nmconnection") }),
            (SystemdNetworkd.directory, { $0.hasPrefix("10-flamingo-") }),
            (SysconfigIfcfg.directory, { name in ["ifcfg-", "route-", "route6-"].contains { name.hasPrefix($0) } }),
            ("/etc/network/interfaces.d", { $0 == "50-flamingo.cfg" }),
        ]
        var stale: [String] = []
        for (directory, ours) in places {
            for name in sysroot.list(directory) where ours(name) {
                let path = "\(directory)/\(name)"
                guard !current.contains(path) else { continue }
                // ifcfg names carry no flamingo prefix: only files that say flamingo wrote them.
                if directory == SysconfigIfcfg.directory, !((try sysroot.readText(path)) ?? "").contains("Written by flamingo") { continue }
                stale.append(path)
            }
        }
        return stale
    }
}
