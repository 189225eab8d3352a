/// Picks a new UID or GID the way shadow-utils' useradd/groupadd do: ordinary IDs go up from the
/// highest one in use in the range (or the first free one if that overflows), system IDs go down
/// from the lowest one in use (or the highest free one).
public enum IDAllocator {
    public static func next(used: Set<UInt32>, system: Bool, range: ClosedRange<UInt32>, what: String) throws -> UInt32 {
        let inRange = used.filter { range.contains($0) }
        if system {
            if let lowest = inRange.min() {
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
            if let highest = inRange.max() {
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
