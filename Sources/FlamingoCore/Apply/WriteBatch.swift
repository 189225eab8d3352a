/// Which consecutive actions of a plan may reach the disk as one batch. A step's directories,
/// files and links usually come interleaved (a home, its skeleton files, `.ssh`, its keys; a unit,
/// its enable link, the next unit): written in that order, each file batch pays its own syncs
/// (tens of milliseconds each on a virtual disk). Within a segment the directories are made first
/// (in order), then the files as one batch, then the links (in order) — the same end state, since
/// nothing in the segment depends on a later action of another kind.
enum WriteBatch {
    /// The actions from `start` on that can be reordered so: directories, file writes and links,
    /// up to (not including) the first other action or the first whose path meets a path of the
    /// segment in a way the reordering could change (the same path twice, or a link that would be
    /// a directory of another path).
    static func segment(_ actions: [Action], from start: Int) -> Range<Int> {
        var paths: Set<String> = []
        var links: [String] = []
        var end = start
        scan: while end < actions.count {
            let path: String
            switch actions[end] {
            case .makeDirectory(let directory, _, _): path = directory
            case .writeFile(let write): path = write.path
            case .symlink(let link, _, _):
                path = link
                if paths.contains(where: { $0.hasPrefix(link + "/") }) { break scan }  // links are few
            default: break scan
            }
            if paths.contains(path) || links.contains(where: { path.hasPrefix($0 + "/") }) { break }
            paths.insert(path)
            if case .symlink = actions[end] { links.append(path) }
            end += 1
        }
        return start..<end
    }

    /// The indices of `segment` in the order they are applied: directories, files, links.
    static func order(_ actions: [Action], _ segment: Range<Int>) -> (directories: [Int], files: [Int], links: [Int]) {
        var order: (directories: [Int], files: [Int], links: [Int]) = ([], [], [])
        for index in segment {
            switch actions[index] {
            case .makeDirectory: order.directories.append(index)
            case .writeFile: order.files.append(index)
            default: order.links.append(index)
            }
        }
        return order
    }
}
