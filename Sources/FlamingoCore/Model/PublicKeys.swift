/// Reads metadata public keys in every shape cloud-init accepts: one string (one key per line),
/// a list of strings, or a mapping from key names to a key or a list of keys (the names are
/// labels, not user names). Empty entries are dropped, duplicates kept once.
public enum PublicKeys {
    public static func read(_ node: Node, at path: KeyPath, reader: inout DocumentReader) -> [String] {
        var keys: [String] = []
        var seen: Set<String> = []
        func add(_ text: String) {
            for line in text.split(whereSeparator: \.isNewline) {
                let key = line.trimmingWhitespace()
                if !key.isEmpty && seen.insert(key).inserted { keys.append(key) }
            }
        }
        switch node.content {
        case .scalar:
            if let text = reader.string(node, at: path) { add(text) }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                if let text = reader.string(item, at: path.appending(index)) { add(text) }
            }
        case .mapping(let pairs):
            for pair in pairs {
                let name = pair.key.scalar?.text ?? ""
                if let items = pair.value.sequence {
                    for (index, item) in items.enumerated() {
                        if let text = reader.string(item, at: path.appending(name).appending(index)) { add(text) }
                    }
                } else if let text = reader.string(pair.value, at: path.appending(name)) {
                    add(text)
                }
            }
        }
        return keys
    }
}
