/// `set_hostname`: the metadata's host name into /etc/hostname (the short name, as cloud-init
/// writes it unless told to prefer the FQDN).
public enum SetHostname: Module {
    public static let name = "set_hostname"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let given = context.instance.localHostname else {
            plan.notes.append("no host name in the metadata: nothing to do")
            return plan
        }
        let hostname: Hostname
        do {
            hostname = try Hostname(parsing: given)
        } catch {
            plan.diagnostics.append(Diagnostic(.error, file: context.instance.source, mark: nil,
                                               keyPath: KeyPath([.key("local-hostname")]), error.description))
            return plan
        }
        plan.actions.append(.writeFile(FileWrite(path: "/etc/hostname", text: hostname.short + "\n",
                                                 mode: FileMode(0o644), owner: .root)))
        return plan
    }
}
