/// `systemd.units`: flamingo's extension for systemd units, in Ignition's vocabulary (name,
/// contents, enabled, mask, dropins).
extension CloudConfigDecoder {
    static let systemdKeys = ["units"]
    static let unitKeys = ["name", "contents", "enabled", "mask", "dropins"]
    static let dropinKeys = ["name", "contents"]

    static func decodeSystemd(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [UnitSpec] {
        guard let pairs = reader.mapping(node, at: path) else { return [] }
        reader.warnUnknownKeys(pairs, known: systemdKeys, at: path)
        guard let unitsNode = node["units"], !unitsNode.isNull else { return [] }
        let unitsPath = path.appending("units")
        guard let items = unitsNode.sequence else {
            reader.error(unitsNode, unitsPath, "expected a list of units, found \(unitsNode.kindDescription)")
            return []
        }
        var units: [UnitSpec] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let at = unitsPath.appending(index)
            guard let unitPairs = reader.mapping(item, at: at) else { continue }
            reader.warnUnknownKeys(unitPairs, known: unitKeys, at: at)
            guard let nameNode = item["name"], let text = reader.string(nameNode, at: at.appending("name")) else {
                reader.error(item, at, "a unit needs a name")
                continue
            }
            guard let name = UnitName(text) else {
                reader.error(nameNode, at.appending("name"), "\"\(text)\" is not a unit name (NAME.service, .socket, .target, .timer, .path, .mount, …)")
                continue
            }
            guard seen.insert(text).inserted else {
                reader.error(nameNode, at.appending("name"), "\(text) is listed twice")
                continue
            }
            var unit = UnitSpec(name: name, index: index)
            unit.contents = item["contents"].flatMap { reader.string($0, at: at.appending("contents")) }
            unit.enabled = item["enabled"].flatMap { reader.bool($0, at: at.appending("enabled")) }
            unit.mask = item["mask"].flatMap { reader.bool($0, at: at.appending("mask")) }
            if unit.mask == true && unit.contents != nil {
                reader.error(item["mask"], at.appending("mask"), "a masked unit cannot have contents (the mask is a link to /dev/null in its place)")
                continue
            }
            if unit.mask == true && unit.enabled == true {
                reader.error(item["enabled"], at.appending("enabled"), "a masked unit cannot be enabled")
                continue
            }
            if let dropins = item["dropins"], !dropins.isNull {
                guard let list = dropins.sequence else {
                    reader.error(dropins, at.appending("dropins"), "expected a list of drop-ins, found \(dropins.kindDescription)")
                    continue
                }
                for (number, dropin) in list.enumerated() {
                    let dropinPath = at.appending("dropins").appending(number)
                    guard let dropinPairs = reader.mapping(dropin, at: dropinPath) else { continue }
                    reader.warnUnknownKeys(dropinPairs, known: dropinKeys, at: dropinPath)
                    guard let dropinName = dropin["name"].flatMap({ reader.string($0, at: dropinPath.appending("name")) }) else {
                        reader.error(dropin, dropinPath, "a drop-in needs a name")
                        continue
                    }
                    guard dropinName.hasSuffix(".conf"), !dropinName.contains("/"), dropinName != ".conf" else {
                        reader.error(dropin["name"], dropinPath.appending("name"), "a drop-in's name is NAME.conf, found \"\(dropinName)\"")
                        continue
                    }
                    unit.dropins.append((dropinName, dropin["contents"].flatMap { reader.string($0, at: dropinPath.appending("contents")) } ?? ""))
                }
            }
            units.append(unit)
        }
        return units
    }
}
