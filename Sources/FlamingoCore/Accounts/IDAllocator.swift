/// Picks a new UID or GID the way shadow-utils' useradd/groupadd do: ordinary IDs go up from the
/// highest one in use in the range (or the first free one if that overflows), system IDs go down
/// from the lowest one in use (or the highest free one).
public enum IDAllocator {
    public static func next(used: Set<UInt32>, system: Bool, range: ClosedRange<UInt32>, what: String) throws -> UInt32 {
        try next(used: UsedIDs(Dictionary(uniqueKeysWithValues: used.map { ($0, 1) }), [:]), system: system, range: range, what: what)
    }

    static func next(used: UsedIDs, system: Bool, range: ClosedRange<UInt32>, what: String) throws -> UInt32 {
        if system {
            if let lowest = used.lowest(in: range) {
                if lowest > range.lowerBound, !used.contains(lowest - 1) { return lowest - 1 }
            } else {
                return range.upperBound
            }
            var id = range.upperBound
            while true {
                if !used.contains(id) { return id }
                if id == range.lowerBound { break }
                id -= 1
            }
        } else {
            if let highest = used.highest(in: range) {
                if highest < range.upperBound, !used.contains(highest + 1) { return highest + 1 }
            } else {
                return range.lowerBound
            }
            var id = range.lowerBound
            while true {
                if !used.contains(id) { return id }
                if id == range.upperBound { break }
                id += 1
            }
        }
        throw AccountError("no free \(what) left in \(range.lowerBound)…\(range.upperBound)")
    }
}

/// The IDs in use, from /etc and the image's altfiles: membership in constant time; the lowest
/// and highest in a range by one pass over the IDs (not over the entries' lines).
struct UsedIDs {
    let primary: [UInt32: Int], alternative: [UInt32: Int]

    init(_ primary: [UInt32: Int], _ alternative: [UInt32: Int]) {
        self.primary = primary
        self.alternative = alternative
    }

    func contains(_ id: UInt32) -> Bool { primary[id] != nil || alternative[id] != nil }

    func lowest(in range: ClosedRange<UInt32>) -> UInt32? {
        [primary.keys.lazy.filter(range.contains).min(), alternative.keys.lazy.filter(range.contains).min()].compactMap { $0 }.min()
    }

    func highest(in range: ClosedRange<UInt32>) -> UInt32? {
        [primary.keys.lazy.filter(range.contains).max(), alternative.keys.lazy.filter(range.contains).max()].compactMap { $0 }.max()
    }
}
