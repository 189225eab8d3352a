/// A policy routing rule (v2 `routing-policy`): which table a packet is looked up in.
public struct RoutingRule: Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var table: Int?
    public var priority: Int?
    public var mark: Int?
    public var typeOfService: Int?
    public init() {}
    public var isIPv6: Bool { (from ?? to ?? "").contains(":") }
}

/// A route's and a routing rule's extra words as `ip route`/`ip rule` take them (ifcfg's route
/// and rule files in `ip` format, ENI's post-up commands).
extension Route {
    /// ` metric M table T mtu N onlink`, the parts given.
    var ipOptions: String {
        (metric.map { " metric \($0)" } ?? "") + (table.map { " table \($0)" } ?? "") + (mtu.map { " mtu \($0)" } ?? "")
            + (onLink ? " onlink" : "")
    }

    /// `DEST/PREFIX [via GW] [options]`: one line of a route file in `ip` format.
    var ipArguments: String { "\(destination)/\(prefix)" + (gateway.map { " via \($0)" } ?? "") + ipOptions }
}

extension RoutingRule {
    /// `[from F] [to T] [tos N] [fwmark M] [table T] [priority P]`.
    var ipArguments: String {
        [from.map { "from \($0)" }, to.map { "to \($0)" }, typeOfService.map { "tos \($0)" }, mark.map { "fwmark \($0)" },
         table.map { "table \($0)" }, priority.map { "priority \($0)" }].compactMap { $0 }.joined(separator: " ")
    }
}

extension Array where Element == String {
    /// `ip rule` words with `priority N` moved to the front, as NetworkManager's routing-rule wants them.
    func reorderedPriorityFirst() -> String {
        guard let index = firstIndex(of: "priority"), index + 1 < count else { return joined(separator: " ") }
        var rest = self
        let value = rest.remove(at: index + 1)
        rest.remove(at: index)
        return (["priority", value] + rest).joined(separator: " ")
    }
}
