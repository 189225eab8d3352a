import Foundation
import Testing
@testable import FlamingoCore

/// The applier's one reordering: interleaved directories, files and links become directories,
/// then the files as one batch, then the links — to the same end state, and never across an
/// action whose path the reordering could change.
@Suite struct ApplierTests {
    static func write(_ path: String, _ text: String, mode: UInt32 = 0o644, owner: Owner = .root) -> Action {
        .writeFile(FileWrite(path: path, text: text, mode: FileMode(mode), owner: owner))
    }

    /// A user's home as users_groups plans it, then two units with their enable links.
    static let interleaved: [Action] = [
        .makeDirectory(path: "/home/alice", mode: FileMode(0o700), owner: Owner(uid: 1000, gid: 1000)),
        write("/home/alice/.profile", "# profile\n", owner: Owner(uid: 1000, gid: 1000)),
        .makeDirectory(path: "/home/alice/.ssh", mode: FileMode(0o700), owner: Owner(uid: 1000, gid: 1000)),
        write("/home/alice/.ssh/authorized_keys", "ssh-ed25519 AAAA alice\n", mode: 0o600, owner: Owner(uid: 1000, gid: 1000)),
        write("/etc/systemd/system/a.service", "[Service]\n"),
        .symlink(path: "/etc/systemd/system/multi-user.target.wants/a.service", target: "/etc/systemd/system/a.service", owner: .root),
        write("/etc/systemd/system/b.service", "[Service]\n"),
        .symlink(path: "/etc/systemd/system/multi-user.target.wants/b.service", target: "/etc/systemd/system/b.service", owner: .root),
    ]

    @Test func interleavedActionsAreOneSegmentInKindOrder() {
        let segment = WriteBatch.segment(Self.interleaved, from: 0)
        #expect(segment == 0..<Self.interleaved.count)
        let order = WriteBatch.order(Self.interleaved, segment)
        #expect(order.directories == [0, 2])
        #expect(order.files == [1, 3, 4, 6])
        #expect(order.links == [5, 7])
    }

    @Test func theEndStateIsTheOneOfTheOrderAsPlanned() throws {
        let batched = TemporaryDirectory(), sequential = TemporaryDirectory()
        let log = Log(sink: { _ in })
        let outcomes = Applier(sysroot: try Sysroot(path: batched.path), log: log).apply(Self.interleaved, step: "test")
        #expect(outcomes == [Applier.Outcome](repeating: .changed, count: Self.interleaved.count))
        let one = Applier(sysroot: try Sysroot(path: sequential.path), log: log)
        for action in Self.interleaved { one.apply([action], step: "test") }
        #expect(batched.tree() == sequential.tree())
        for path in batched.tree() {
            #expect(batched.mode(path) == sequential.mode(path), "\(path)")
        }
        #expect(batched.mode("home/alice/.ssh") == 0o700)
        #expect(batched.read("home/alice/.ssh/authorized_keys") == "ssh-ed25519 AAAA alice\n")
        // Applied again: everything in place, nothing changed.
        let again = Applier(sysroot: try Sysroot(path: batched.path), log: log).apply(Self.interleaved, step: "test")
        #expect(again == [Applier.Outcome](repeating: .unchanged, count: Self.interleaved.count))
    }

    /// What the reordering could change ends a segment: a remove, the same path twice, a link
    /// that is a directory of another path in the segment (before or after it).
    @Test func aSegmentEndsWhereReorderingCouldChangeTheResult() {
        let removeBetween: [Action] = [Self.write("/a", "1"), .remove(path: "/b"), Self.write("/b", "2")]
        #expect(WriteBatch.segment(removeBetween, from: 0) == 0..<1)
        let samePath: [Action] = [Self.write("/a", "1"), Self.write("/b", "1"), Self.write("/a", "2")]
        #expect(WriteBatch.segment(samePath, from: 0) == 0..<2)
        let linkThenInside: [Action] = [.symlink(path: "/d", target: "/e", owner: .root), Self.write("/d/x", "1")]
        #expect(WriteBatch.segment(linkThenInside, from: 0) == 0..<1)
        let insideThenLink: [Action] = [Self.write("/d/x", "1"), .symlink(path: "/d", target: "/e", owner: .root)]
        #expect(WriteBatch.segment(insideThenLink, from: 0) == 0..<1)
        #expect(WriteBatch.segment(removeBetween, from: 1) == 1..<1)
    }
}
