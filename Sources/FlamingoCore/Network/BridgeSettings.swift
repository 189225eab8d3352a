/// A bridge's spanning-tree settings (times in seconds) and its ports' priority and path cost.
/// A bridge whose input says nothing of STP has it off: the kernel's, networkd's and ifupdown's
/// default, and what cloud-init's other renderers mean — NetworkManager alone would turn it on
/// (and hold every port 30 s in the listening and learning states).
public struct BridgeSettings: Sendable, Equatable {
    public var stp: Bool?
    public var priority: Int?
    public var forwardDelay: Int?
    public var helloTime: Int?
    public var maxAge: Int?
    public var ageingTime: Int?
    /// By port (member) name.
    public var portPriority: [String: Int] = [:]
    public var pathCost: [String: Int] = [:]
    public init() {}
}

extension DocumentReader {
    /// A bridge setting's number, or nil with a warning: a value the kernel or NetworkManager
    /// refuses is left out, not the whole description (forward delay: 0, or 2–30 s).
    mutating func bridgeNumber(_ node: Node, at path: KeyPath, range: ClosedRange<Int>, also: [Int] = []) -> Int? {
        guard let text = node.scalar?.text, let value = Int(text) else {
            warning(node, path, "expected a number; left out")
            return nil
        }
        guard range.contains(value) || also.contains(value) else {
            warning(node, path, "\(value) is out of range (\(also.map { "\($0) or " }.joined())\(range.lowerBound)…\(range.upperBound)); left out")
            return nil
        }
        return value
    }

    /// v1 `params` of a bridge: bridge_stp, bridge_bridgeprio, bridge_fd, bridge_hello,
    /// bridge_maxage, bridge_ageing, bridge_portprio and bridge_pathcost ("PORT VALUE" each);
    /// other bridge_ keys (gcint, maxwait, waitport, hw) are ifupdown's own and left out with a warning.
    mutating func bridgeParamsV1(_ params: Node?, at: KeyPath) -> BridgeSettings {
        var bridge = BridgeSettings()
        for pair in params.flatMap({ mapping($0, at: at) }) ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            let path = at.appending(key)
            switch key {
            case "bridge_stp": bridge.stp = pair.value.scalar.flatMap { ["1", "on", "yes", "true"].contains($0.text.lowercased()) ? true : ["0", "off", "no", "false"].contains($0.text.lowercased()) ? false : nil }
                if bridge.stp == nil { warning(pair.value, path, "expected on or off; left out") }
            case "bridge_bridgeprio": bridge.priority = bridgeNumber(pair.value, at: path, range: 0...65535)
            case "bridge_fd": bridge.forwardDelay = bridgeNumber(pair.value, at: path, range: 2...30, also: [0])
            case "bridge_hello": bridge.helloTime = bridgeNumber(pair.value, at: path, range: 1...10, also: [0])
            case "bridge_maxage": bridge.maxAge = bridgeNumber(pair.value, at: path, range: 6...40, also: [0])
            case "bridge_ageing": bridge.ageingTime = bridgeNumber(pair.value, at: path, range: 0...1_000_000)
            case "bridge_portprio", "bridge_pathcost":
                let entries = pair.value.sequence != nil ? stringList(pair.value, at: path) : (pair.value.scalar.map { [$0.text] } ?? [])
                for entry in entries {
                    let words = entry.split(separator: " ").map(String.init)
                    guard words.count == 2, let value = Int(words[1]), value >= 0 else {
                        warning(pair.value, path, "expected \"PORT VALUE\", found \"\(entry)\"; left out")
                        continue
                    }
                    if key == "bridge_portprio" { bridge.portPriority[words[0]] = value } else { bridge.pathCost[words[0]] = value }
                }
            default:
                warning(pair.key, path, "\(key) is not rendered (ifupdown's own setting); left out")
            }
        }
        return bridge
    }

    /// v2 `parameters` of a bridge: stp, priority, forward-delay, hello-time, max-age,
    /// ageing-time, port-priority and path-cost (maps by port).
    mutating func bridgeParamsV2(_ parameters: Node?, at: KeyPath, ports: [String: String]) -> BridgeSettings {
        var bridge = BridgeSettings()
        for pair in parameters.flatMap({ mapping($0, at: at) }) ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            let path = at.appending(key)
            switch key {
            case "stp": bridge.stp = bool(pair.value, at: path)
            case "priority": bridge.priority = bridgeNumber(pair.value, at: path, range: 0...65535)
            case "forward-delay": bridge.forwardDelay = bridgeNumber(pair.value, at: path, range: 2...30, also: [0])
            case "hello-time": bridge.helloTime = bridgeNumber(pair.value, at: path, range: 1...10, also: [0])
            case "max-age": bridge.maxAge = bridgeNumber(pair.value, at: path, range: 6...40, also: [0])
            case "ageing-time": bridge.ageingTime = bridgeNumber(pair.value, at: path, range: 0...1_000_000)
            case "port-priority", "path-cost":
                for port in mapping(pair.value, at: path) ?? [] {
                    guard let id = port.key.scalar?.text, let value = bridgeNumber(port.value, at: path.appending(id), range: 0...65535) else { continue }
                    let name = ports[id] ?? id
                    if key == "port-priority" { bridge.portPriority[name] = value } else { bridge.pathCost[name] = value }
                }
            default:
                warning(pair.key, path, "unknown bridge parameter \"\(key)\"; ignored")
            }
        }
        return bridge
    }
}
