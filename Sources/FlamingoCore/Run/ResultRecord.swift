/// The result record: every run's steps with status, duration and messages, the datasource, the
/// instance id and flamingo's version, as JSON. Written to `/run/flamingo/result.json` (the host
/// side: the initramfs, whose /run the booted system keeps) and, when a datasource was read, into
/// the sysroot's `/var/lib/flamingo/result.json` with the last few runs under `results/`.
/// Messages never hold secrets: flamingo logs sizes and paths, not contents.
public enum ResultRecord {
    public static let formatVersion = 1

    public static func json(_ report: RunReport) -> JSONValue {
        func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let steps: [JSONValue] = report.steps.map { step in
            var pairs: [(String, JSONValue)] = [
                ("name", .string(step.name)),
                ("status", .string(step.status.rawValue)),
                ("duration_ms", .number(rounded(step.milliseconds))),
            ]
            if let frequency = step.frequency { pairs.append(("frequency", .string(frequency.rawValue))) }
            if let reason = step.reason { pairs.append(("reason", .string(reason))) }
            pairs.append(("messages", .array(step.messages.map(JSONValue.string))))
            return .object(pairs)
        }
        return .object([
            ("format", .number(Double(formatVersion))),
            ("flamingo", .string(FlamingoVersion.current)),
            ("started", .string(report.started)),
            ("mode", .string(report.mode)),
            ("outcome", .string(report.outcome)),
            ("duration_ms", .number(rounded(report.milliseconds))),
            ("sysroot", optional(report.sysroot)),
            ("datasource", optional(report.datasource)),
            ("source", optional(report.source)),
            ("instance_id", optional(report.instanceID)),
            ("previous_instance_id", optional(report.previousInstanceID)),
            ("ostree_var", optional(report.ostreeVar)),
            ("forced", .bool(report.forced)),
            ("dry_run", .bool(report.dryRun)),
            ("steps", .array(steps)),
        ])
    }

    /// Milliseconds with two decimals: enough for a boot-time budget, short to read.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Writes the record into the sysroot: `result.json` and `results/<started>.json`, keeping the
    /// newest `historyLength` of the latter.
    public static func actions(_ report: RunReport, sysroot: Sysroot) -> [Action] {
        let bytes = json(report).bytes()
        let stamp = String(report.started.map { $0 == ":" ? "-" : $0 })
        var actions: [Action] = [
            .writeFile(FileWrite(path: FlamingoPaths.resultFile, contents: bytes, mode: FileMode(0o644), owner: .root)),
            .writeFile(FileWrite(path: "\(FlamingoPaths.historyDirectory)/\(stamp).json", contents: bytes, mode: FileMode(0o644), owner: .root)),
        ]
        let existing = sysroot.list(FlamingoPaths.historyDirectory).filter { $0.hasSuffix(".json") && $0 != "\(stamp).json" }
        for old in existing.sorted().reversed().dropFirst(FlamingoPaths.historyLength - 1) {
            actions.append(.remove(path: "\(FlamingoPaths.historyDirectory)/\(old)"))
        }
        return actions
    }
}
