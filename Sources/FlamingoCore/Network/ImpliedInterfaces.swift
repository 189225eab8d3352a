extension NetworkConfig {
    /// Bond and bridge members and VLAN parents the description names without declaring them
    /// become physical NICs with no addresses of their own, as cloud-init reads them: a bond
    /// needs its ports configured to have any.
    public mutating func declareImpliedInterfaces() {
        var declared = Set(interfaces.map(\.name))
        for interface in interfaces {
            var implied = interface.members
            if case .vlan(_, let link) = interface.kind { implied.append(link) }
            for name in implied where !declared.contains(name) {
                interfaces.append(NetworkInterface(name: name, kind: .physical))
                declared.insert(name)
            }
        }
    }
}
