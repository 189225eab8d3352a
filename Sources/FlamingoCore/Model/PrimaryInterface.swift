/// Which NIC is the machine's primary one, as cloud-init's `find_candidate_nics_on_linux` orders
/// them when none is up yet (in the initramfs, before any network stack): `eth0` first, then the
/// rest in natural order (`eth2` before `eth10`, `ens5` before `ens6`). The initramfs' DHCP asks
/// on that NIC alone, and the network module's DHCP fallback binds it.
public enum PrimaryInterface {
    public static let preferredName = "eth0"

    /// `items` in cloud-init's order of their names.
    public static func ordered<Item>(_ items: [Item], name: (Item) -> String) -> [Item] {
        items.sorted { a, b in
            let (nameA, nameB) = (name(a), name(b))
            if nameA == preferredName || nameB == preferredName { return nameA == preferredName && nameB != preferredName }
            return naturalOrder(nameA, nameB)
        }
    }

    /// cloud-init's `natural_sort_key`: the name split into text and digit runs, alternating and
    /// starting with text (perhaps empty), digits compared as numbers and text without case.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let (keyA, keyB) = (runs(a), runs(b))
        for (index, (x, y)) in zip(keyA, keyB).enumerated() {
            // Even positions hold text, odd ones numbers, in both keys alike.
            if index % 2 == 0 {
                if x != y { return x < y }
            } else if let m = Int(x), let n = Int(y), m != n {
                return m < n
            }
        }
        return keyA.count < keyB.count
    }

    private static func runs(_ name: String) -> [String] {
        var result: [String] = []
        var current = "", digits = false
        for character in name {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits {
                result.append(digits ? current : current.lowercased())
                current = ""
                digits = isDigit
            }
            current.append(character)
        }
        result.append(digits ? current : current.lowercased())
        if digits { result.append("") }  // Python's split ends with the text after the last digits
        return result
    }
}
