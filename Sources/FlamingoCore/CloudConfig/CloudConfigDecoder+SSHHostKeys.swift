/// `ssh_keys`, `ssh_deletekeys`, `ssh_genkeytypes`.
extension CloudConfigDecoder {
    static let hostKeyTypes = ["rsa", "ecdsa", "ed25519"]

    static func decodeHostKeys(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [SSHHostKey] {
        guard let pairs = reader.mapping(node, at: path) else { return [] }
        var keys: [String: SSHHostKey] = [:]
        for pair in pairs {
            guard let name = pair.key.scalar?.text else { continue }
            let at = path.appending(name)
            let parts = name.split(separator: "_", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["private", "public", "certificate"].contains(parts[1]) else {
                reader.warning(pair.key, at, "unknown key \"\(name)\" (TYPE_private, TYPE_public, TYPE_certificate)")
                continue
            }
            guard hostKeyTypes.contains(parts[0]) else {
                if parts[0] == "dsa" {
                    // cloud-init's own example has DSA keys: existing user-data keeps working, without them.
                    reader.warning(pair.key, at, "DSA host keys are not written (OpenSSH no longer uses them); ignored")
                } else {
                    reader.error(pair.key, at, "unknown key type \"\(parts[0])\" (rsa, ecdsa, ed25519)")
                }
                continue
            }
            guard let value = reader.string(pair.value, at: at) else { continue }
            var key = keys[parts[0]] ?? SSHHostKey(type: parts[0])
            switch parts[1] {
            case "private":
                guard value.contains("-----BEGIN") && value.contains("PRIVATE KEY-----") else {
                    reader.error(pair.value, at, "expected a PEM or OpenSSH private key (-----BEGIN … PRIVATE KEY-----)")
                    continue
                }
                key.privateKey = value
            case "public": key.publicKey = value
            default: key.certificate = value
            }
            keys[parts[0]] = key
        }
        return hostKeyTypes.compactMap { keys[$0] }
    }

    static func decodeKeyTypes(_ reader: inout DocumentReader, _ node: Node, _ path: KeyPath) -> [String] {
        let types = reader.stringList(node, at: path)
        for (index, type) in types.enumerated() where !hostKeyTypes.contains(type) {
            reader.error(node.sequence?[index] ?? node, path.appending(index), "unknown key type \"\(type)\" (rsa, ecdsa, ed25519)")
        }
        return types.filter(hostKeyTypes.contains)
    }
}
