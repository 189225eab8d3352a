/// Carries out a plan's actions through the sysroot, or — for a dry run — prints them.
/// An action whose result is already in place (same contents, mode and owner) is skipped, so a
/// second run with the same input changes nothing.
public final class Applier {
    public enum Outcome: String, Sendable { case changed, unchanged, failed }

    let sysroot: Sysroot
    let log: Log
    /// Every path this applier changed, in order (for relabelling).
    public private(set) var changedPaths: [String] = []

    public init(sysroot: Sysroot, log: Log) {
        self.sysroot = sysroot
        self.log = log
    }

    /// Applies every action, in order but for one reordering: where directories, files and links
    /// come interleaved, the directories are made first, then the files written as one batch (their
    /// syncs shared, see `Sysroot.writeFiles`), then the links (`WriteBatch`). A failed action is
    /// logged and the next one is still tried. Returns the outcome of each action.
    @discardableResult
    public func apply(_ actions: [Action], step: String) -> [Outcome] {
        var outcomes = [Outcome](repeating: .unchanged, count: actions.count)
        var index = 0
        while index < actions.count {
            let segment = WriteBatch.segment(actions, from: index)
            let order = WriteBatch.order(actions, segment)
            guard order.files.count > 1 else {
                // Nothing to batch: the segment (or the one action that begins none) as planned.
                let end = max(segment.upperBound, index + 1)
                for current in index..<end { outcomes[current] = apply(actions[current], step: step) }
                index = end
                continue
            }
            for current in order.directories { outcomes[current] = apply(actions[current], step: step) }
            let writes = order.files.compactMap { current -> FileWrite? in
                if case .writeFile(let write) = actions[current] { return write }
                return nil
            }
            for (current, outcome) in zip(order.files, apply(writes, step: step)) { outcomes[current] = outcome }
            for current in order.links { outcomes[current] = apply(actions[current], step: step) }
            index = segment.upperBound
        }
        return outcomes
    }

    /// A batch of file writes: those already in place skipped, the rest written together.
    private func apply(_ writes: [FileWrite], step: String) -> [Outcome] {
        var outcomes = [Outcome](repeating: .unchanged, count: writes.count)
        var pending: [(index: Int, write: FileWrite)] = []
        for (index, write) in writes.enumerated() {
            do {
                if try isInPlace(.writeFile(write)) {
                    log.debug(step, "\(write.path): unchanged")
                } else {
                    pending.append((index, write))
                }
            } catch {
                log.error(step, "\(write.path): \(error)")
                outcomes[index] = .failed
            }
        }
        changedPaths += pending.map(\.write.path)
        let errors = sysroot.writeFiles(pending.map(\.write))
        for (entry, error) in zip(pending, errors) {
            if let error {
                log.error(step, "\(entry.write.path): \(error)")
                outcomes[entry.index] = .failed
            } else {
                log.info(step, "\(entry.write.path): wrote \(entry.write.contents.count) bytes (\(entry.write.mode) \(entry.write.owner))")
                outcomes[entry.index] = .changed
            }
        }
        return outcomes
    }

    private func apply(_ action: Action, step: String) -> Outcome {
        do {
            if try isInPlace(action) {
                log.debug(step, "\(action.path): unchanged")
                return .unchanged
            }
            changedPaths += action.paths
            switch action {
            case .makeDirectory(let path, let mode, let owner):
                try sysroot.makeDirectory(path, mode: mode, owner: owner)
                log.info(step, "\(path): directory (\(mode) \(owner))")
            case .writeFile(let write):
                try sysroot.writeFile(write.path, contents: write.contents, mode: write.mode, owner: write.owner)
                log.info(step, "\(write.path): wrote \(write.contents.count) bytes (\(write.mode) \(write.owner))")
            case .remove(let path):
                try sysroot.removeFile(path)
                log.info(step, "\(path): removed")
            case .symlink(let path, let target, let owner):
                try sysroot.makeSymlink(path, target: target, owner: owner)
                log.info(step, "\(path): symlink to \(target)")
            case .hardLink(let path, let target):
                try sysroot.makeHardLink(path, target: target)
                log.info(step, "\(path): hard link to \(target)")
            case .accountFiles(let writes):
                try sysroot.withAccountLocks(writes.map(\.path)) {
                    // All filled first, then renamed one after the other: a crash while
                    // filling leaves every account file as it was (never passwd without group).
                    let changed = try writes.filter { try !isInPlace(.writeFile($0)) }
                    try sysroot.writeFilesTogether(changed)
                    for write in changed {
                        log.info(step, "\(write.path): wrote \(write.contents.count) bytes (\(write.mode) \(write.owner))")
                    }
                }
            case .feedDevice(let path, let contents):
                let device = try FileDescriptor.open(path, .writeOnly)
                try device.writeAll(contents, path: path)
                log.info(step, "\(path): \(contents.count) bytes written (the running system's device)")
            case .swapFile(let path, let bytes):
                try sysroot.writeSwapFile(path, bytes: bytes, uuid: StableUUID.bytes(path + " " + WallClock.iso8601Now()))
                log.info(step, "\(path): swap file of \(Bytes(bytes)) (0600 0:0)")
            case .device(let change):
                let started = MonotonicClock.milliseconds()
                let (changed, message) = try DeviceChanges.carryOut(change)
                let lines = message.split(separator: "\n", maxSplits: 1)
                log.info(step, "\(lines.first ?? "") (\(Int(MonotonicClock.milliseconds() - started)) ms)")
                if lines.count > 1 { log.debug(step, String(lines[1])) }
                if !changed { return .unchanged }
            }
            return .changed
        } catch {
            log.error(step, "\(action.path): \(error)")
            return .failed
        }
    }

    /// What a dry run prints: each action, and the contents of files that are not secret.
    public static func describe(_ actions: [Action]) -> String {
        var text = ""
        for action in actions {
            switch action {
            case .makeDirectory(let path, let mode, let owner):
                text += "mkdir \(path) (\(mode) \(owner))\n"
            case .remove(let path):
                text += "remove \(path)\n"
            case .symlink(let path, let target, let owner):
                text += "symlink \(path) -> \(target) (\(owner))\n"
            case .hardLink(let path, let target):
                text += "hard link \(path) = \(target)\n"
            case .accountFiles(let writes):
                text += describe(writes.map(Action.writeFile))
            case .device(let change):
                text += "\(change)\n"
            case .feedDevice(let path, let contents):
                text += "write \(contents.count) bytes to \(path) (the running system's device)\n"
            case .swapFile(let path, let bytes):
                text += "swap file \(path) (\(Bytes(bytes)), 0600 0:0)\n"
            case .writeFile(let write):
                text += "write \(write.path) (\(write.mode) \(write.owner), \(write.contents.count) bytes)\n"
                if write.isSecret {
                    text += "  | (secret: contents not shown)\n"
                } else {
                    let body = String(decoding: write.contents, as: UTF8.self)
                    for line in body.split(separator: "\n", omittingEmptySubsequences: false).dropLast(body.hasSuffix("\n") ? 1 : 0) {
                        text += "  | \(line)\n"
                    }
                }
            }
        }
        return text
    }

    private func isInPlace(_ action: Action) throws -> Bool {
        switch action {
        case .makeDirectory(let path, let mode, let owner):
            guard let status = try sysroot.statusFollowing(path), status.isDirectory else { return false }
            return matches(status, mode, owner)
        case .writeFile(let write):
            guard let status = try sysroot.status(write.path), status.isRegularFile,
                  matches(status, write.mode, write.owner),
                  Int(status.size) == write.contents.count else { return false }
            return try sysroot.read(write.path) == write.contents
        case .remove(let path):
            return try sysroot.status(path) == nil
        case .accountFiles(let writes):
            return try writes.allSatisfy { try isInPlace(.writeFile($0)) }
        case .device:
            return false  // planned only when there is something to change
        case .feedDevice:
            return false
        case .swapFile(let path, let bytes):
            guard let status = try sysroot.status(path), status.isRegularFile, UInt64(status.size) == bytes,
                  matches(status, FileMode(0o600), .root), status.blocks * 512 >= Int64(bytes) else { return false }
            return SwapFile.isSwap(Array((try sysroot.readPrefix(path, count: Int(SwapFile.pageSize))) ?? []), bytes: bytes)
        case .symlink(let path, let target, let owner):
            guard let status = try sysroot.status(path), status.isSymlink,
                  status.uid == owner.uid, status.gid == owner.gid else { return false }
            return try sysroot.readLink(path) == target
        case .hardLink(let path, let target):
            guard let link = try sysroot.status(path), let file = try sysroot.status(target) else { return false }
            return link.device == file.device && link.inode == file.inode
        }
    }

    private func matches(_ status: FileStatus, _ mode: FileMode, _ owner: Owner) -> Bool {
        FileMode(status.mode) == mode && status.uid == owner.uid && status.gid == owner.gid
    }
}
