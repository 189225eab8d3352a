/// Where a result record is kept: the host side's `/run/flamingo/result.json`, or a sysroot's
/// `/var/lib/flamingo/result.json` (on ostree systems, in the stateroot's var).
public struct RecordLocation: CustomStringConvertible {
    public let sysroot: String?

    public init(sysroot: String?) { self.sysroot = sysroot }

    public var description: String {
        guard let sysroot else { return "\(FlamingoPaths.runDirectory)/\(FlamingoPaths.resultFileName)" }
        if let varDirectory = OstreeVar.locate(sysroot: sysroot, ostreeArgument: nil) {
            return varDirectory + String(FlamingoPaths.resultFile.dropFirst("/var".count))
        }
        return sysroot + FlamingoPaths.resultFile
    }

    public func read() throws -> String? {
        guard let sysroot else {
            return try Sysroot(path: FlamingoPaths.runDirectory).readText(FlamingoPaths.resultFileName)
        }
        if let varDirectory = OstreeVar.locate(sysroot: sysroot, ostreeArgument: nil) {
            return try Sysroot(path: varDirectory).readText(String(FlamingoPaths.resultFile.dropFirst("/var".count)))
        }
        return try Sysroot(path: sysroot).readText(FlamingoPaths.resultFile)
    }
}

/// A result record made readable for a person in a rescue shell.
public struct StatusSummary {
    public let text: String
    public let failed: Bool

    public init(json: String, file: String) throws {
        let root = try JSONParser(file: file).parse(Array(json.utf8))
        func string(_ node: Node?) -> String { node?.scalar?.text ?? "-" }
        let outcome = string(root["outcome"])
        failed = outcome == "failed"
        var lines = ["flamingo \(string(root["flamingo"])) (\(string(root["mode"]))) at \(string(root["started"])): "
                     + "\(outcome) in \(string(root["duration_ms"])) ms"]
        if root["datasource"]?.isNull == false {
            var line = "datasource \(string(root["datasource"])) from \(string(root["source"])), instance \(string(root["instance_id"]))"
            if let previous = root["previous_instance_id"], !previous.isNull, previous.scalar?.text != root["instance_id"]?.scalar?.text {
                line += " (previous: \(string(previous)))"
            }
            lines.append(line)
        }
        if let ostree = root["ostree_var"], !ostree.isNull { lines.append("ostree stateful var: \(string(ostree))") }
        // What went wrong first: an operator reads the errors before the steps.
        let errors = (root["steps"]?.sequence ?? []).flatMap { step in
            (step["messages"]?.sequence ?? []).map { string($0) }.filter { $0.hasPrefix("error: ") }.map { "  \(string(step["name"])): \($0)" }
        }
        if !errors.isEmpty { lines += ["errors:"] + errors + ["steps:"] }
        for step in root["steps"]?.sequence ?? [] {
            let name = string(step["name"]).padding(to: 22)
            let status = string(step["status"]).padding(to: 8)
            var line = "  \(status) \(name) \(string(step["duration_ms"])) ms"
            if let reason = step["reason"] { line += "  (\(string(reason)))" }
            lines.append(line)
            for message in step["messages"]?.sequence ?? [] { lines.append("             \(string(message))") }
        }
        text = lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
