import Foundation
@testable import FlamingoCore

/// A fresh directory under the system temp folder, removed when the object goes away.
final class TemporaryDirectory {
    let path: String

    init() {
        var base = NSTemporaryDirectory()
        while base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/flamingo-test-XXXXXX").utf8CString)
        path = String(cString: mkdtemp(&template)!)
    }

    /// A fresh directory holding `files` (relative path → text): a small sysroot for a test.
    convenience init(_ files: [String: String]) {
        self.init()
        for (relative, text) in files { write(relative, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String, mode: Int = 0o644) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func symlink(_ relative: String, to target: String) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try! FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    func exists(_ relative: String) -> Bool {
        var status = stat()
        return lstat(path + "/" + relative, &status) == 0
    }

    func mode(_ relative: String) -> Int {
        var status = stat()
        precondition(lstat(path + "/" + relative, &status) == 0, "no \(relative)")
        return Int(status.st_mode & 0o7777)
    }

    /// Every path below the directory, sorted, for "nothing else was written" checks.
    func tree() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
    }
}

enum Fixtures {
    /// The fixtures folder as it sits in the source tree (copied as a resource too).
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures").path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// The FlamingoCore sources, for tests that check the ordered lists against the folders.
    static let sources: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/FlamingoCore").path
    }()
}

func parseYAML(_ text: String, file: String = "test.yaml") throws -> Node {
    try YAMLParser(file: file).parse(Array(text.utf8))
}

func parseJSON(_ text: String, file: String = "test.json") throws -> Node {
    try JSONParser(file: file).parse(Array(text.utf8))
}

/// The diagnostic a throwing call threw, or nil.
func diagnostic(_ body: () throws -> Any) -> Diagnostic? {
    do { _ = try body(); return nil } catch let d as Diagnostic { return d } catch { return nil }
}

/// A whole `flamingo run` of `#cloud-config` + `userData` from a NoCloud seed into `sysroot`,
/// recording into `host` (the run directory); the report and every log line.
func runCloudConfig(_ userData: String, sysroot: TemporaryDirectory, host: TemporaryDirectory,
                    instanceID: String = "iid-test") -> (report: RunReport, lines: [String]) {
    let seed = TemporaryDirectory()
    seed.write("meta-data", "instance-id: \(instanceID)\n")
    seed.write("user-data", "#cloud-config\n" + userData)
    var lines: [String] = []
    var request = RunRequest(sysroot: sysroot.path, source: .seed(seed.path))
    request.runDirectory = host.path
    let report = Runner(request: request, log: Log { lines.append($0) }).run()
    return (report, lines)
}
